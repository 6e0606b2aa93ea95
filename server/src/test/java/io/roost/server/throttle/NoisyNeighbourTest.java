package io.roost.server.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.sas.SasTokens;
import io.roost.server.config.ConfigLoader;
import io.roost.server.lifecycle.RoostServer;
import io.roost.server.listener.BoundListener;
import io.roost.server.registry.RestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The throttling acceptance test on an in-process server with low limits: one MQTT device far over
 * its D2C rate and three well-behaved devices paced below it. The well-behaved devices' achieved
 * rates with the noisy one sending stay within 10% of what they achieve alone in the same test; the
 * noisy device is held to its rate, counted in {@code /metrics} and reported with its device id on
 * the operations log. With the default configuration a flat-out sender is not throttled at all.
 */
class NoisyNeighbourTest {

    private static final int DEVICE_RATE = 50;
    private static final int PACED_RATE = 25;
    private static final int PACED_MESSAGES = 100;
    private static final List<String> QUIET = List.of("quiet-1", "quiet-2", "quiet-3");

    @TempDir
    Path dataDir;

    private final ListAppender<ILoggingEvent> operations = new ListAppender<>();
    private final ScheduledExecutorService pacer = Executors.newScheduledThreadPool(QUIET.size());
    private final List<AutoCloseable> closing = new ArrayList<>();
    private RoostServer server;
    private RestClient rest;
    private InetSocketAddress mqtt;

    private void start(Map<String, String> limits) throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of("ROOST_LISTENERS_HTTP_PORT", "0",
                "ROOST_LISTENERS_MQTT_PORT", "0", "ROOST_LISTENERS_HTTPS_ENABLED", "false",
                "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false",
                "ROOST_LISTENERS_AMQPS_ENABLED", "false"));
        environment.putAll(limits);
        operations.start();
        ((Logger) LoggerFactory.getLogger("roost.operations")).addAppender(operations);
        server = new RoostServer(ConfigLoader.load(Optional.empty(), environment, Map.of()), dataDir);
        server.start();
        rest = new RestClient(listener("http").url(), null, dataDir, "localhost");
        mqtt = listener("mqtt").address();
    }

    @AfterEach
    void stop() throws Exception {
        pacer.shutdownNow();
        for (AutoCloseable device : closing) {
            device.close();
        }
        if (server != null) {
            server.close();
        }
        ((Logger) LoggerFactory.getLogger("roost.operations")).detachAppender(operations);
    }

    @Test
    void noisyDevice_isHeldToItsRateAndTheOthersKeepTheirs() throws Exception {
        start(Map.of("ROOST_THROTTLE_D2C_DEVICEMESSAGESPERSECOND", Integer.toString(DEVICE_RATE),
                "ROOST_THROTTLE_D2C_DEVICEBURST", "10", "ROOST_THROTTLE_DISCONNECTAFTER", "PT0S"));
        List<MqttTestDevice> quiet = new ArrayList<>();
        for (String deviceId : QUIET) {
            quiet.add(connected(deviceId));
        }

        double[] alone = pacedRates(quiet);

        MqttTestDevice noisy = connected("noisy");
        AtomicInteger noisySent = new AtomicInteger();
        Thread flatOut = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    noisy.send(32);
                    noisySent.incrementAndGet();
                }
            } catch (IOException e) {
                // The socket was closed at the end of the test.
            }
        }, "noisy-sender");
        flatOut.setDaemon(true);
        flatOut.start();
        // The noisy device is over its rate from here on: its burst is spent within the first read.
        await().atMost(Duration.ofSeconds(10)).until(() -> throttledCount() > 0);
        long noisyFrom = System.nanoTime();

        double[] withNoisy = pacedRates(quiet);
        long noisyTo = System.nanoTime();
        flatOut.interrupt();

        for (int i = 0; i < QUIET.size(); i++) {
            assertThat(withNoisy[i]).as("%s alone %.2f/s, beside the noisy device %.2f/s", QUIET.get(i), alone[i],
                    withNoisy[i]).isBetween(alone[i] * 0.9, alone[i] * 1.1);
        }
        double noisySeconds = (noisyTo - noisyFrom) / 1e9;
        double noisyRate = noisy.acknowledgedBetween(noisyFrom, noisyTo) / noisySeconds;
        assertThat(noisyRate).as("the noisy device's acknowledged rate").isBetween(DEVICE_RATE * 0.7, DEVICE_RATE * 1.3);
        assertThat(noisySent.get()).as("it tried to send far more").isGreaterThan(noisy.acknowledged() + 5 * DEVICE_RATE);
        assertThat(throttledCount()).isGreaterThan(DEVICE_RATE);
        assertThat(operations.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                .contains("category=Throttling", "operation=D2C_THROTTLED", "protocol=mqtt", "deviceId=noisy",
                        "status=429", "remote=127.0.0.x"));
        assertThat(operations.list).noneSatisfy(event -> assertThat(event.getFormattedMessage())
                .contains("category=Throttling").contains("deviceId=quiet"));
        // The operator's views: the durable operations log over REST, and the per-device meter.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> throttled = rest.send("GET", "/operations?deviceId=noisy&category=Throttling",
                    rest.token("iothubowner"), null, Map.of());
            assertThat(throttled.statusCode()).isEqualTo(200);
            assertThat(throttled.body()).contains("\"operation\":\"D2C_THROTTLED\"", "\"deviceId\":\"noisy\"");
        });
        assertThat(rest.send("GET", "/operations?category=Throttling", rest.token("iothubowner"), null, Map.of()).body())
                .doesNotContain("\"deviceId\":\"quiet");
        assertThat(metrics()).containsPattern("roost_device_operation_failures_total\\{[^}]*device_id=\"noisy\"[^}]*} [1-9]");
    }

    @Test
    void defaults_neverThrottleAFlatOutSender() throws Exception {
        start(Map.of());
        MqttTestDevice device = connected("bench");
        for (int i = 0; i < 5_000; i++) {
            device.send(32);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> device.acknowledged() == 5_000);
        assertThat(throttledCount()).isZero();
        assertThat(metrics()).contains("roost_throttled_total{kind=\"d2c\",protocol=\"mqtt\"} 0.0");
    }

    /** Each device sends {@value #PACED_MESSAGES} messages at {@value #PACED_RATE}/s; its achieved rate. */
    private double[] pacedRates(List<MqttTestDevice> devices) throws Exception {
        long[] started = new long[devices.size()];
        int[] ackedBefore = new int[devices.size()];
        List<ScheduledFuture<?>> senders = new ArrayList<>();
        AtomicInteger[] sent = new AtomicInteger[devices.size()];
        for (int i = 0; i < devices.size(); i++) {
            MqttTestDevice device = devices.get(i);
            AtomicInteger count = new AtomicInteger();
            sent[i] = count;
            ackedBefore[i] = device.acknowledged();
            started[i] = System.nanoTime();
            senders.add(pacer.scheduleAtFixedRate(() -> {
                if (count.get() < PACED_MESSAGES) {
                    try {
                        device.send(32);
                        count.incrementAndGet();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, 0, 1_000_000_000L / PACED_RATE, TimeUnit.NANOSECONDS));
        }
        double[] rates = new double[devices.size()];
        for (int i = 0; i < devices.size(); i++) {
            MqttTestDevice device = devices.get(i);
            int target = ackedBefore[i] + PACED_MESSAGES;
            await().atMost(Duration.ofSeconds(30)).until(() -> device.acknowledged() >= target);
            rates[i] = PACED_MESSAGES / ((System.nanoTime() - started[i]) / 1e9);
        }
        senders.forEach(sender -> sender.cancel(false));
        return rates;
    }

    private MqttTestDevice connected(String deviceId) throws Exception {
        String key = server.registry().create(DeviceSpec.of(deviceId)).join().authentication().symmetricKey().primaryKey();
        String token = SasTokens.sign(SasTokens.deviceResource("localhost", deviceId), key,
                Instant.now().plusSeconds(3600), null);
        MqttTestDevice device = new MqttTestDevice(mqtt, "localhost", deviceId, token);
        closing.add(device);
        assertThat(device.connAckCode()).isZero();
        return device;
    }

    private double throttledCount() throws Exception {
        Matcher matcher = Pattern.compile("roost_throttled_total\\{kind=\"d2c\",protocol=\"mqtt\"} (\\S+)")
                .matcher(metrics());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private String metrics() throws Exception {
        return rest.send("GET", "/metrics", null, null, Map.of()).body();
    }

    private BoundListener listener(String name) {
        return server.listeners().stream().filter(l -> l.name().key().equals(name)).findFirst().orElseThrow();
    }
}
