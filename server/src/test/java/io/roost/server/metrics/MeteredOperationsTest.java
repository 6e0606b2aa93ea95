package io.roost.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationEvent;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operations meters as a Prometheus scrape shows them, and the bound on per-device series. */
class MeteredOperationsTest {

    private final PrometheusMetrics prometheus = new PrometheusMetrics();
    private final AtomicLong dropped = new AtomicLong();
    private final MeteredOperations metrics = new MeteredOperations(prometheus.registry(), 2, dropped::get);

    @AfterEach
    void tearDown() {
        prometheus.close();
    }

    private static OperationEvent throttled(String deviceId) {
        return OperationEvent.failure(Instant.EPOCH, OperationCategory.Throttling, "THROTTLED", 429, "over its rate",
                deviceId, "mqtt", null);
    }

    @Test
    void record_thenEveryEventCountsAndFailuresWithADeviceCountPerDevice() {
        metrics.record(OperationEvent.success(Instant.EPOCH, OperationCategory.Connections, "DEVICE_CONNECT", "dev1",
                "mqtt", null));
        metrics.record(throttled("dev1"));
        metrics.record(throttled("dev1"));
        metrics.record(OperationEvent.failure(Instant.EPOCH, OperationCategory.Connections, "PROTOCOL_ERROR", 400,
                "garbage", null, "amqp", null));
        dropped.set(3);

        assertThat(prometheus.scrape())
                .contains("roost_operations_total{category=\"Connections\",operation=\"DEVICE_CONNECT\",result=\"Success\"} 1.0")
                .contains("roost_operations_total{category=\"Throttling\",operation=\"THROTTLED\",result=\"Failure\"} 2.0")
                .contains("roost_device_operation_failures_total{category=\"Throttling\",device_id=\"dev1\",operation=\"THROTTLED\"} 2.0")
                .doesNotContain("operation=\"DEVICE_CONNECT\"}", "device_id=\"-\"")
                .contains("roost_operations_dropped_total 3.0");
    }

    @Test
    void record_whenMoreFailingDevicesThanTheBound_thenTheRestShareOther() {
        for (String device : new String[] {"a", "b", "c", "d", "a"}) {
            metrics.record(throttled(device));
        }

        String scrape = prometheus.scrape();
        assertThat(scrape)
                .contains("device_id=\"a\",operation=\"THROTTLED\"} 2.0")
                .contains("device_id=\"b\",operation=\"THROTTLED\"} 1.0")
                .contains("device_id=\"_other\",operation=\"THROTTLED\"} 2.0")
                .doesNotContain("device_id=\"c\"", "device_id=\"d\"");
    }
}
