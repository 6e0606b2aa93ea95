package io.roost.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.roost.core.throttle.ThrottleKind;
import org.junit.jupiter.api.Test;

class MeteredThrottleCounterTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void throttled_whenWebSocketTransport_thenCountedUnderItsProtocolAndEverySeriesStartsAtZero() {
        MeteredThrottleCounter counter = new MeteredThrottleCounter(registry);
        assertThat(registry.scrape()).contains("roost_throttled_total{kind=\"registry\",protocol=\"amqp\"} 0.0");

        counter.throttled("mqtt-ws", ThrottleKind.D2C);
        counter.throttled("mqtt", ThrottleKind.D2C);
        counter.throttled("http", ThrottleKind.REGISTRY);

        assertThat(registry.scrape())
                .contains("roost_throttled_total{kind=\"d2c\",protocol=\"mqtt\"} 2.0")
                .contains("roost_throttled_total{kind=\"registry\",protocol=\"http\"} 1.0")
                .doesNotContain("mqtt-ws");
    }
}
