package io.roost.compat.support;

import io.roost.core.log.PartitionInfo;
import io.roost.core.log.TelemetryLog;
import io.roost.server.config.ListenerName;
import io.roost.server.lifecycle.RoostServer;

/** What the tests read off a Roost started in their JVM. Stateless. */
public final class InProcessServers {

    private InProcessServers() {
    }

    /** The port {@code listener} is bound to (ephemeral ports are chosen at start). */
    public static int port(RoostServer server, ListenerName listener) {
        return server.listeners().stream().filter(l -> l.name() == listener).findFirst().orElseThrow().port();
    }

    /** Records retained in every partition of the D2C log. */
    public static long recordsInTheLog(TelemetryLog log) {
        long records = 0;
        for (int partition = 0; partition < log.partitionCount(); partition++) {
            PartitionInfo info = log.partitionInfo(partition);
            records += info.nextOffset() - info.earliestOffset();
        }
        return records;
    }
}
