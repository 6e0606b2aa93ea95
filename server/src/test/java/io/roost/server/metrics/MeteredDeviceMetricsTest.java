package io.roost.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.metrics.ProtocolMetrics;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The device meters as a Prometheus scrape shows them: names, labels, values. */
class MeteredDeviceMetricsTest {

    private final PrometheusMetrics prometheus = new PrometheusMetrics();
    private final MeteredDeviceMetrics metrics = new MeteredDeviceMetrics(prometheus.registry());

    @AfterEach
    void tearDown() {
        prometheus.close();
    }

    @Test
    void scrape_whenDevicesConnectAndSend_thenFamiliesCarryTheProtocolLabel() {
        ProtocolMetrics mqtt = metrics.protocol("mqtt");
        mqtt.deviceConnected();
        mqtt.deviceConnected();
        mqtt.deviceDisconnected();
        mqtt.authenticationFailed();
        mqtt.telemetryAppended(200);
        mqtt.telemetryAppended(56);
        mqtt.telemetryAcknowledged(TimeUnit.MILLISECONDS.toNanos(3));

        String scrape = prometheus.scrape();

        assertThat(scrape)
                .contains("roost_devices_connected{protocol=\"mqtt\"} 1.0")
                .contains("roost_device_connects_total{protocol=\"mqtt\"} 2.0")
                .contains("roost_device_auth_failures_total{protocol=\"mqtt\"} 1.0")
                .contains("roost_d2c_messages_total{protocol=\"mqtt\"} 2.0")
                .contains("roost_d2c_bytes_total{protocol=\"mqtt\"} 256.0")
                .contains("roost_d2c_ack_latency_seconds_count{protocol=\"mqtt\"} 1")
                .contains("roost_d2c_ack_latency_seconds_bucket{protocol=\"mqtt\",le=\"0.003145726\"} 1");
    }

    @Test
    void protocol_whenAskedTwice_thenTheSameMetersAndOneSeriesPerProtocol() {
        assertThat(metrics.protocol("amqp")).isSameAs(metrics.protocol("amqp"));
        metrics.protocol("http").deviceConnected();

        String scrape = prometheus.scrape();

        assertThat(scrape).contains("roost_devices_connected{protocol=\"amqp\"} 0.0")
                .contains("roost_devices_connected{protocol=\"http\"} 1.0");
    }
}
