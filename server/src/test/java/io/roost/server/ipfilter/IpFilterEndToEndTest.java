package io.roost.server.ipfilter;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import io.roost.server.listener.BoundListener;
import io.roost.server.registry.RestClient;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IP filter on a real in-process server: all six listeners (plain and TLS MQTT, AMQP and HTTP)
 * on 127.0.0.1, clients on raw sockets bound to 127.0.0.2 (refused by a configured rule) and
 * 127.0.0.1 (served); then rules changed over REST apply to the next connection without a restart,
 * and survive one.
 */
class IpFilterEndToEndTest {

    private static final String BLOCKED = "127.0.0.2";
    private static final String ALLOWED = "127.0.0.1";
    private static final int TIMEOUT_MILLIS = 5000;
    /** Long enough that a served connection would have answered; a refused one closes at once. */
    private static final int SILENCE_MILLIS = 1000;

    @TempDir
    Path dataDir;

    private RoostServer server;
    private RestClient rest;

    @BeforeEach
    void start() throws Exception {
        server = startServer();
        rest = RestClient.forListener(server, "http");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RoostServer startServer() throws Exception {
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of(
                "ROOST_IPFILTER_RULES", "block-lab:reject:" + BLOCKED + "/32",
                "ROOST_LISTENERS_MQTT_PORT", "0", "ROOST_LISTENERS_AMQP_PORT", "0", "ROOST_LISTENERS_HTTP_PORT", "0",
                "ROOST_LISTENERS_MQTTS_PORT", "0", "ROOST_LISTENERS_MQTTS_BINDADDRESS", ALLOWED,
                "ROOST_LISTENERS_AMQPS_PORT", "0", "ROOST_LISTENERS_AMQPS_BINDADDRESS", ALLOWED,
                "ROOST_LISTENERS_HTTPS_PORT", "0", "ROOST_LISTENERS_HTTPS_BINDADDRESS", ALLOWED), Map.of());
        RoostServer started = new RoostServer(config, dataDir);
        started.start();
        return started;
    }

    @Test
    void rejectRule_whenClientBoundTo127002_thenClosedOnEveryProtocolWhile127001IsServed() throws Exception {
        assertThat(mqtt(BLOCKED).closed()).as("mqtt from %s", BLOCKED).isTrue();
        assertThat(mqtt(BLOCKED).answer()).isEmpty();
        assertThat(amqp(BLOCKED).closed()).as("amqp from %s", BLOCKED).isTrue();
        assertThat(amqp(BLOCKED).answer()).isEmpty();
        assertThat(http(BLOCKED).closed()).as("http from %s", BLOCKED).isTrue();
        assertThat(http(BLOCKED).answer()).isEmpty();
        // TLS (https also carries MQTT and AMQP over WebSocket): closed before the handshake,
        // without waiting for a ClientHello; from an admitted address the server waits for one.
        for (String tls : new String[] {"mqtts", "amqps", "https"}) {
            assertThat(SourceBoundSocket.exchange(BLOCKED, address(tls), new byte[0], 1, SILENCE_MILLIS).closed())
                    .as("%s from %s", tls, BLOCKED).isTrue();
            assertThat(SourceBoundSocket.exchange(ALLOWED, address(tls), new byte[0], 1, SILENCE_MILLIS).closed())
                    .as("%s from %s", tls, ALLOWED).isFalse();
        }

        // CONNACK (0x20) refusing an unknown device: the MQTT handler read the CONNECT.
        assertThat(mqtt(ALLOWED).answer()).startsWith(0x20, 2);
        assertThat(amqp(ALLOWED).answer()).containsExactly(SourceBoundSocket.amqpSaslHeader());
        assertThat(http(ALLOWED).text()).startsWith("HTTP/1.1 200");

        String metrics = rest.send("GET", "/metrics", null, null, Map.of()).body();
        assertThat(metrics).containsPattern("roost_ipfilter_rejected_total\\{listener=\"mqtt\",rule=\"block-lab\"} 2\\.0")
                .containsPattern("roost_ipfilter_rejected_total\\{listener=\"amqp\",rule=\"block-lab\"} 2\\.0")
                .containsPattern("roost_ipfilter_rejected_total\\{listener=\"http\",rule=\"block-lab\"} 2\\.0")
                .containsPattern("roost_ipfilter_rejected_total\\{listener=\"mqtts\",rule=\"block-lab\"} 1\\.0")
                .containsPattern("roost_ipfilter_rejected_total\\{listener=\"amqps\",rule=\"block-lab\"} 1\\.0")
                .containsPattern("roost_ipfilter_rejected_total\\{listener=\"https\",rule=\"block-lab\"} 1\\.0");
    }

    @Test
    void put_whenRulesChangeOverRest_thenNextConnectionsFollowWithoutRestartAndTheRulesSurviveOne() throws Exception {
        HttpResponse<String> before = rest.owner("GET", "/ipfilter", null);
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.body()).isEqualTo("[{\"name\":\"block-lab\",\"action\":\"reject\",\"cidr\":\"127.0.0.2/32\"}]");
        assertThat(mqtt(BLOCKED).closed()).isTrue();

        HttpResponse<String> opened = rest.owner("PUT", "/ipfilter", "[]");
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(mqtt(BLOCKED).answer()).startsWith(0x20, 2);
        assertThat(http(BLOCKED).text()).startsWith("HTTP/1.1 200");

        String blockAgain = "[{\"name\":\"allow-one\",\"action\":\"accept\",\"cidr\":\"127.0.0.1\"},"
                + "{\"name\":\"block-loopback\",\"action\":\"reject\",\"cidr\":\"127.0.0.0/8\"}]";
        assertThat(rest.owner("PUT", "/ipfilter", blockAgain).statusCode()).isEqualTo(200);
        assertThat(amqp(BLOCKED).closed()).isTrue();
        assertThat(amqp(ALLOWED).answer()).containsExactly(SourceBoundSocket.amqpSaslHeader());

        server.close();
        server = startServer();
        rest = RestClient.forListener(server, "http");
        assertThat(rest.owner("GET", "/ipfilter", null).body()).contains("block-loopback");
        assertThat(http(BLOCKED).closed()).isTrue();
        assertThat(Files.readString(dataDir.resolve(IpFilterFile.FILE_NAME))).contains("allow-one");
    }

    @Test
    void put_whenRuleInvalidOrStaleOrNotOwner_thenRefusedAndRulesUnchanged() throws Exception {
        HttpResponse<String> bad = rest.owner("PUT", "/ipfilter",
                "[{\"name\":\"ok\",\"action\":\"accept\",\"cidr\":\"10.0.0.0/8\"},"
                        + "{\"name\":\"typo\",\"action\":\"reject\",\"cidr\":\"10.0.0.0/40\"}]");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("ArgumentInvalid", "rule 2 (typo)", "prefix length");

        String etag = rest.owner("GET", "/ipfilter", null).headers().firstValue("etag").orElseThrow();
        assertThat(rest.owner("PUT", "/ipfilter", "[]", Map.of("If-Match", "\"stale\"")).statusCode()).isEqualTo(412);
        assertThat(rest.send("PUT", "/ipfilter", rest.token("registryReadWrite"), "[]", Map.of()).statusCode()).isEqualTo(403);
        assertThat(rest.send("GET", "/ipfilter", rest.token("service"), null, Map.of()).statusCode()).isEqualTo(403);
        assertThat(rest.send("GET", "/ipfilter", null, null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(mqtt(BLOCKED).closed()).isTrue();

        assertThat(rest.owner("PUT", "/ipfilter", "[]", Map.of("If-Match", etag)).statusCode()).isEqualTo(200);
        assertThat(mqtt(BLOCKED).closed()).isFalse();
    }

    private SourceBoundSocket.Outcome mqtt(String source) throws Exception {
        return SourceBoundSocket.exchange(source, address("mqtt"), SourceBoundSocket.mqttConnect(), 4, TIMEOUT_MILLIS);
    }

    private SourceBoundSocket.Outcome amqp(String source) throws Exception {
        return SourceBoundSocket.exchange(source, address("amqp"), SourceBoundSocket.amqpSaslHeader(), 8, TIMEOUT_MILLIS);
    }

    private SourceBoundSocket.Outcome http(String source) throws Exception {
        return SourceBoundSocket.exchange(source, address("http"), SourceBoundSocket.httpGetHealth(), 12, TIMEOUT_MILLIS);
    }

    private InetSocketAddress address(String listener) {
        BoundListener bound = server.listeners().stream().filter(l -> l.name().key().equals(listener)).findFirst().orElseThrow();
        return new InetSocketAddress(bound.host(), bound.port());
    }
}
