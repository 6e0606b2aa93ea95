package io.roost.compat.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roost.compat.support.ChildServer;
import io.roost.core.log.LogReader;
import io.roost.core.log.LogRecord;
import io.roost.core.log.StartPosition;
import io.roost.core.log.segment.SegmentLog;
import io.roost.core.log.segment.SegmentLogConfig;
import io.roost.core.message.SystemProperty;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash test: 50 Paho devices publish QoS 1 to a Roost server in a child process, which is
 * SIGKILLed mid-load after a random number of PUBACKs and restarted on the same data dir, five
 * times. Every message whose PUBACK a device saw must be in the D2C log afterwards (duplicates are
 * allowed, losses are not). The seed is printed and can be fixed with {@code -Droost.crash.seed=N}.
 */
class MqttCrashIT {

    private static final int DEVICES = 50;
    private static final int WINDOW = 10;
    private static final int ROUNDS = 5;

    @TempDir
    Path tmp;

    private final List<ChildServer> children = new ArrayList<>();
    private final List<MqttAsyncClient> clients = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        closeClients();
        for (ChildServer child : children) {
            child.close();
        }
    }

    @Test
    void sigkillMidLoad_thenEveryAcknowledgedMessageIsInTheLogAfterRestart() throws Exception {
        long seed = Long.getLong("roost.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("MqttCrashIT seed " + seed);
        Path dataDir = tmp.resolve("data");
        Map<String, String> keys = createDevices(dataDir);

        Map<String, Integer> ackedInRound = new ConcurrentHashMap<>();
        List<String> rounds = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            long started = System.nanoTime();
            ChildServer server = start(dataDir, "round-" + round + ".log");
            int port = server.port("mqtt");
            long up = System.nanoTime();
            int killAfter = 500 + random.nextInt(4_501);
            Set<String> acked = load(round, port, keys, killAfter, server);
            int thisRound = round;
            acked.forEach(id -> ackedInRound.put(id, thisRound));
            rounds.add("round " + round + ": killed after " + killAfter + " acks, " + acked.size() + " acked");
            System.out.printf("MqttCrashIT %s; start %d ms, load %d ms%n", rounds.get(round - 1),
                    (up - started) / 1_000_000, (System.nanoTime() - up) / 1_000_000);
            closeClients();
        }

        // The restart recovers the log of the last crash; a SIGTERM then stops it cleanly so the
        // test can read the log itself.
        start(dataDir, "final.log").stop();

        Set<String> inLog = messageIdsInLog(dataDir);
        Map<String, Integer> lost = new TreeMap<>();
        ackedInRound.forEach((id, round) -> {
            if (!inLog.contains(id)) {
                lost.put(id, round);
            }
        });
        assertThat(lost).as("acknowledged but not in the log (message id -> round), seed %d, %s", seed, rounds).isEmpty();
        assertThat(ackedInRound).hasSizeGreaterThanOrEqualTo(ROUNDS * 500);
    }

    /**
     * Connects all devices, has each publish QoS 1 with {@link #WINDOW} in flight, SIGKILLs the
     * server once {@code killAfter} PUBACKs arrived and returns the ids of the acknowledged messages.
     */
    private Set<String> load(int round, int port, Map<String, String> keys, int killAfter, ChildServer server)
            throws Exception {
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> publishers = new ArrayList<>();
        List<IMqttToken> connecting = new ArrayList<>();
        for (Map.Entry<String, String> device : keys.entrySet()) {
            String deviceId = device.getKey();
            MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + port, deviceId, new MemoryPersistence());
            clients.add(client);
            connecting.add(client.connect(PahoMqttTest.options(deviceId,
                    PahoMqttTest.tokenFor(device.getValue(), deviceId))));
            Thread publisher = new Thread(() -> publish(round, client, deviceId, acked, stop),
                    "publisher-" + deviceId);
            publisher.setDaemon(true);
            publishers.add(publisher);
        }
        for (IMqttToken connected : connecting) {
            connected.waitForCompletion(30_000);
        }
        publishers.forEach(Thread::start);
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                    .until(() -> acked.size() >= killAfter);
            server.kill();
        } finally {
            stop.set(true);
            for (Thread publisher : publishers) {
                publisher.join(10_000);
            }
        }
        // A PUBACK read from the socket before the kill may still be on its way to the callback.
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> true);
        return Set.copyOf(acked);
    }

    private static void publish(int round, MqttAsyncClient client, String deviceId, Set<String> acked,
            AtomicBoolean stop) {
        Semaphore window = new Semaphore(WINDOW);
        for (long seq = 0; !stop.get(); seq++) {
            try {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    seq--;
                    continue;
                }
                String id = "r" + round + "-" + deviceId + "-" + seq;
                MqttMessage message = new MqttMessage(("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8));
                message.setQos(1);
                client.publish("devices/" + deviceId + "/messages/events/%24.mid=" + id, message, null,
                        new IMqttActionListener() {
                            @Override
                            public void onSuccess(IMqttToken token) {
                                acked.add(id);
                                window.release();
                            }

                            @Override
                            public void onFailure(IMqttToken token, Throwable failure) {
                                window.release();
                            }
                        });
            } catch (Exception e) {
                return; // the server is gone
            }
        }
    }

    private void closeClients() {
        for (MqttAsyncClient client : clients) {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1_000);
                }
            } catch (Exception ignored) {
                // closing anyway
            }
            try {
                client.close(true);
            } catch (Exception ignored) {
                // best effort
            }
        }
        clients.clear();
    }

    /** Creates the devices with an in-process server on the data dir, which is then stopped. */
    private static Map<String, String> createDevices(Path dataDir) {
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of(
                "ROOST_LISTENERS_HTTP_PORT", "0",
                "ROOST_LISTENERS_HTTPS_ENABLED", "false",
                "ROOST_LISTENERS_MQTT_ENABLED", "false",
                "ROOST_LISTENERS_MQTTS_ENABLED", "false",
                "ROOST_LISTENERS_AMQP_ENABLED", "false",
                "ROOST_LISTENERS_AMQPS_ENABLED", "false"), Map.of());
        Map<String, String> keys = new LinkedHashMap<>();
        try (RoostServer server = new RoostServer(config, dataDir)) {
            server.start();
            for (int i = 0; i < DEVICES; i++) {
                String deviceId = "crash" + i;
                keys.put(deviceId, PahoMqttTest.createDevice(server, deviceId));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return keys;
    }

    private ChildServer start(Path dataDir, String logName) throws IOException {
        ChildServer server = ChildServer.start(dataDir, tmp.resolve(logName), Map.of());
        children.add(server);
        return server;
    }

    private static Set<String> messageIdsInLog(Path dataDir) throws IOException {
        Set<String> ids = new HashSet<>();
        try (SegmentLog log = SegmentLog.open(SegmentLogConfig.builder(dataDir.resolve("d2c")).build())) {
            for (int p = 0; p < log.partitionCount(); p++) {
                try (LogReader reader = log.openReader(p, StartPosition.earliest())) {
                    for (List<LogRecord> page = reader.poll(10_000); !page.isEmpty(); page = reader.poll(10_000)) {
                        page.forEach(r -> ids.add(r.message().systemProperties().get(SystemProperty.MESSAGE_ID)));
                    }
                }
            }
        }
        return ids;
    }
}
