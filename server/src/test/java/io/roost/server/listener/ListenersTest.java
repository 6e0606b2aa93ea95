package io.roost.server.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ListenerConfig;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one-line fixes printed when a listener cannot bind. */
class ListenersTest {

    @Test
    void fix_whenPrivilegedPort_thenNamesTheFlagSetcapAndForwarding() {
        String fix = Listeners.fix(new ListenerConfig(ListenerName.HTTPS, 443, "0.0.0.0", true, false));

        assertThat(fix).contains("--https-port 8443", "listeners.https.port",
                "sudo setcap cap_net_bind_service=+ep $(readlink -f $(which java))", "forward port 443").doesNotContain("\n");
    }

    @Test
    void fix_whenUnprivilegedPort_thenNamesTheFlagAndKey() {
        String fix = Listeners.fix(new ListenerConfig(ListenerName.HTTP, 8080, "127.0.0.1", true, true));

        assertThat(fix).contains("--http-port", "listeners.http.port").doesNotContain("setcap");
    }

    @Test
    void bind_whenAllInterfaces_thenReportedAsConfigured() throws Exception {
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of("ROOST_LISTENERS_MQTT_ENABLED", "false", "ROOST_LISTENERS_MQTTS_ENABLED", "false",
                    "ROOST_LISTENERS_HTTP_PORT", "0",
                "ROOST_LISTENERS_HTTP_BINDADDRESS", "0.0.0.0", "ROOST_LISTENERS_HTTPS_ENABLED", "false"), Map.of());
        try (EventLoops loops = new EventLoops(); Listeners listeners = Listeners.bind(config, loops, null, null, null, () -> true, () -> "", routes -> { })) {
            BoundListener http = listeners.bound().get(0);

            assertThat(http.host()).isEqualTo("0.0.0.0");
            assertThat(http.port()).isPositive();
            assertThat(http.banner()).contains("http://0.0.0.0:" + http.port(), "all interfaces");
        }
    }

    @Test
    void bind_whenNoMqttEndpoint_thenHttpsServesNoWebSocketPath() throws Exception {
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of("ROOST_LISTENERS_MQTT_ENABLED", "false",
                "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_HTTP_ENABLED", "false",
                "ROOST_LISTENERS_HTTPS_PORT", "0", "ROOST_LISTENERS_HTTPS_BINDADDRESS", "127.0.0.1"), Map.of());
        // No TLS context: the https listener speaks plain HTTP, which is all this needs.
        try (EventLoops loops = new EventLoops(); Listeners listeners = Listeners.bind(config, loops, null, null, null, () -> true, () -> "", routes -> { })) {
            URI path = URI.create("http://127.0.0.1:" + listeners.bound().get(0).port() + Listeners.WEBSOCKET_PATH);

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(path)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void optionalOnDefaultPort_onlyHttpsMqttAndAmqp() {
        for (ListenerName name : ListenerName.values()) {
            assertThat(name.optionalOnDefaultPort()).as(name.key())
                    .isEqualTo(name != ListenerName.HTTP);
        }
    }
}
