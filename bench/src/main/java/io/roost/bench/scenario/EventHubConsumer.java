package io.roost.bench.scenario;

import io.roost.bench.amqp.EventHubFollower;
import java.net.InetSocketAddress;

/**
 * The back end of S1b and S2 reading through the Event Hubs-compatible endpoint on the plain AMQP
 * listener ({@link EventHubFollower}): every partition from the start on one connection, each
 * record's {@code x-opt-enqueued-time} against its arrival. Thread-safe.
 */
final class EventHubConsumer implements BackEndConsumer {

    private final ConsumerLatencies latencies = new ConsumerLatencies();
    private final EventHubFollower follower;

    EventHubConsumer(InetSocketAddress amqp, String serviceConnectionString) {
        this.follower = new EventHubFollower(amqp, serviceConnectionString, latencies::record);
    }

    void start() {
        follower.start();
    }

    @Override
    public String description() {
        return "Event Hubs-compatible endpoint";
    }

    @Override
    public long received() {
        return follower.received();
    }

    @Override
    public String failure() {
        return follower.failure();
    }

    @Override
    public void measuredWindow(long fromMillis, long toMillis) {
        latencies.window(fromMillis, toMillis);
    }

    @Override
    public double latencyMillis(double quantile) {
        return latencies.quantile(quantile);
    }

    @Override
    public void close() throws InterruptedException {
        follower.close();
    }
}
