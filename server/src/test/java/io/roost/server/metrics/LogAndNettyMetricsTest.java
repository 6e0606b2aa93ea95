package io.roost.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.log.AppendedRecord;
import io.roost.core.message.TelemetryMessage;
import io.roost.core.testing.MutableClock;
import io.roost.server.config.ConfigLoader;
import io.roost.server.lifecycle.RoostServer;
import io.roost.server.registry.RestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The D2C log's and Netty's meters on a real server's {@code /metrics}: append latency, size and
 * oldest record age per partition, and the allocator's memory.
 */
class LogAndNettyMetricsTest {

    @TempDir
    Path dataDir;

    @Test
    void scrape_afterAppends_thenLatencySizeAndAgePerPartitionAndAllocatorMemory() throws Exception {
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        try (RoostServer server = new RoostServer(ConfigLoader.load(Optional.empty(), Map.of(
                "ROOST_LISTENERS_MQTT_ENABLED", "false", "ROOST_LISTENERS_MQTTS_ENABLED", "false",
                "ROOST_LISTENERS_AMQP_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false",
                "ROOST_LISTENERS_HTTPS_ENABLED", "false", "ROOST_LISTENERS_HTTP_PORT", "0",
                "ROOST_D2C_PARTITIONS", "2"), Map.of()), dataDir, clock)) {
            server.start();
            RestClient rest = RestClient.forListener(server, "http");
            String before = rest.send("GET", "/metrics", null, null, Map.of()).body();
            assertThat(value(before, "roost_d2c_log_size_bytes\\{partition=\"1\"}")).isZero();
            assertThat(value(before, "roost_d2c_log_oldest_record_age_seconds\\{partition=\"1\"}")).isZero();

            AppendedRecord appended = null;
            for (int i = 0; i < 3; i++) {
                appended = server.telemetryLog().append(TelemetryMessage.of("dev1",
                        ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
            }
            String partition = Integer.toString(appended.partition());
            clock.set(appended.enqueuedTimeMillis() + 90_000);
            String after = rest.send("GET", "/metrics", null, null, Map.of()).body();

            assertThat(value(after, "roost_d2c_append_latency_seconds_count\\{partition=\"" + partition + "\"}")).isEqualTo(3);
            assertThat(after).contains("roost_d2c_append_latency_seconds_bucket{partition=\"" + partition + "\",le=");
            assertThat(value(after, "roost_d2c_log_size_bytes\\{partition=\"" + partition + "\"}")).isPositive();
            assertThat(value(after, "roost_d2c_log_oldest_record_age_seconds\\{partition=\"" + partition + "\"}"))
                    .isBetween(90.0, 91.0);
            assertThat(value(after, "roost_netty_allocator_used_bytes\\{allocator=\"[a-z]+\",area=\"direct\"}"))
                    .isGreaterThanOrEqualTo(0);
            assertThat(after).contains("roost_netty_allocator_used_bytes{allocator=", "area=\"heap\"}");
        }
    }

    private static double value(String scrape, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(scrape);
        assertThat(matcher.find()).as("series %s in%n%s", series, scrape).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
