package io.roost.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roost.core.error.RoostException;
import io.roost.registry.revocation.RevocationReason;
import io.roost.registry.sas.SasTokens;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ConfigLoader.RawFlag;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The registry REST API of an in-process server on ephemeral ports, with a real SQLite registry,
 * over the loopback http listener and over https with a client that trusts only {@code certs/ca.pem}.
 */
class RegistryRestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> NONE = Map.of();

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http", "https"})
    void crud_withEtagsAndEveryErrorCode(String listener) throws Exception {
        try (RoostServer server = start()) {
            RestClient rest = client(server, listener);

            // create: keys generated, etag in body and header
            HttpResponse<String> created = rest.owner("PUT", "/devices/dev1?api-version=2021-04-12", "{\"deviceId\":\"dev1\"}");
            assertThat(created.statusCode()).isEqualTo(200);
            JsonNode device = JSON.readTree(created.body());
            String etag = device.get("etag").asText();
            assertThat(device.get("deviceId").asText()).isEqualTo("dev1");
            assertThat(device.at("/authentication/symmetricKey/primaryKey").asText()).hasSize(44);
            assertThat(created.headers().firstValue("etag")).hasValue("\"" + etag + "\"");

            HttpResponse<String> fetched = rest.owner("GET", "/devices/dev1", null);
            assertThat(fetched.statusCode()).isEqualTo(200);
            assertThat(fetched.headers().firstValue("etag")).hasValue("\"" + etag + "\"");
            assertThat(JSON.readTree(fetched.body()).get("status").asText()).isEqualTo("enabled");

            assertError(rest.owner("PUT", "/devices/dev1", "{}"), 409, "DeviceAlreadyExists");
            assertError(rest.owner("GET", "/devices/nobody", null), 404, "DeviceNotFound");
            assertError(rest.owner("PUT", "/devices/nobody", "{}", Map.of("If-Match", "*")), 404, "DeviceNotFound");
            assertError(rest.owner("DELETE", "/devices/nobody", null), 404, "DeviceNotFound");

            // replace with the right etag, then the old etag no longer matches
            HttpResponse<String> replaced = rest.owner("PUT", "/devices/dev1",
                    "{\"deviceId\":\"dev1\",\"statusReason\":\"maintenance\"}", Map.of("If-Match", "\"" + etag + "\""));
            assertThat(replaced.statusCode()).isEqualTo(200);
            String newEtag = JSON.readTree(replaced.body()).get("etag").asText();
            assertThat(newEtag).isNotEqualTo(etag);
            assertThat(JSON.readTree(replaced.body()).at("/authentication/symmetricKey/primaryKey").asText())
                    .as("keys kept when the body gives none").isEqualTo(device.at("/authentication/symmetricKey/primaryKey").asText());
            assertError(rest.owner("PUT", "/devices/dev1", "{}", Map.of("If-Match", "\"" + etag + "\"")), 412, "PreconditionFailed");
            assertError(rest.owner("DELETE", "/devices/dev1", null, Map.of("If-Match", "\"" + etag + "\"")), 412, "PreconditionFailed");

            // bad input changes nothing
            assertError(rest.owner("PUT", "/devices/dev2", "{not json"), 400, "ArgumentInvalid");
            assertError(rest.owner("PUT", "/devices/dev2", "{\"deviceId\":\"other\"}"), 400, "ArgumentInvalid");
            assertError(rest.owner("PUT", "/devices/bad%20id", "{}"), 400, "ArgumentInvalid");
            assertError(rest.owner("PUT", "/devices/dev1", "{\"status\":\"sleeping\"}", Map.of("If-Match", "*")), 400, "ArgumentInvalid");
            assertError(rest.owner("GET", "/devices/dev2", null), 404, "DeviceNotFound");
            assertThat(rest.owner("GET", "/devices/dev1", null).headers().firstValue("etag")).hasValue("\"" + newEtag + "\"");

            // authentication and permissions
            assertError(rest.send("GET", "/devices/dev1", null, null, NONE), 401, "Unauthorized");
            assertError(rest.send("GET", "/devices/dev1", rest.forgedToken("iothubowner"), null, NONE), 401, "Unauthorized");
            assertError(rest.send("GET", "/devices/dev1", rest.expiredToken("iothubowner"), null, NONE), 401, "Unauthorized");
            assertError(rest.send("GET", "/devices/dev1", "SharedAccessSignature garbage", null, NONE), 401, "Unauthorized");
            assertError(rest.send("PUT", "/devices/dev3", rest.token("registryRead"), "{}", NONE), 403, "Forbidden");
            assertError(rest.send("GET", "/devices/dev1", rest.token("service"), null, NONE), 403, "Forbidden");
            assertThat(rest.send("GET", "/devices/dev1", rest.token("registryRead"), null, NONE).statusCode()).isEqualTo(200);
            assertError(rest.send("DELETE", "/devices/dev1", rest.token("registryRead"), null, NONE), 403, "Forbidden");

            // delete with the current etag, then without If-Match (unconditional)
            HttpResponse<String> deleted = rest.owner("DELETE", "/devices/dev1", null, Map.of("If-Match", "\"" + newEtag + "\""));
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(deleted.body()).isEmpty();
            assertError(rest.owner("GET", "/devices/dev1", null), 404, "DeviceNotFound");
            assertThat(rest.owner("PUT", "/devices/dev4", "{}").statusCode()).isEqualTo(200);
            assertThat(rest.owner("DELETE", "/devices/dev4", null).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void list_pagesWithContinuation() throws Exception {
        try (RoostServer server = start()) {
            RestClient rest = client(server, "http");
            for (int i = 0; i < 5; i++) {
                assertThat(rest.owner("PUT", "/devices/d" + i, "{}").statusCode()).isEqualTo(200);
            }
            // import and export are exact paths; devices of those names stay reachable
            assertThat(rest.owner("PUT", "/devices/import", "{}").statusCode()).isEqualTo(200);
            assertThat(rest.owner("GET", "/devices/import", null).statusCode()).isEqualTo(200);

            HttpResponse<String> first = rest.owner("GET", "/devices?top=4", null);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(ids(first.body())).containsExactly("d0", "d1", "d2", "d3");
            String continuation = first.headers().firstValue("x-ms-continuation").orElseThrow();
            HttpResponse<String> second = rest.owner("GET", "/devices?top=4", null, Map.of("x-ms-continuation", continuation));
            assertThat(ids(second.body())).containsExactly("d4", "import");
            assertThat(second.headers().firstValue("x-ms-continuation")).isEmpty();

            assertThat(ids(rest.owner("GET", "/devices", null).body())).hasSize(6);
            assertError(rest.owner("GET", "/devices?top=1001", null), 400, "ArgumentInvalid");
            assertError(rest.owner("GET", "/devices?top=many", null), 400, "ArgumentInvalid");
            assertError(rest.send("GET", "/devices", rest.token("service"), null, NONE), 403, "Forbidden");
        }
    }

    @Test
    void restart_thenSameDeviceKeysAndEtag() throws Exception {
        String before;
        try (RoostServer server = start()) {
            before = client(server, "http").owner("PUT", "/devices/keeper", "{}").body();
        }
        try (RoostServer server = start()) {
            HttpResponse<String> after = client(server, "http").owner("GET", "/devices/keeper", null);

            assertThat(after.statusCode()).isEqualTo(200);
            JsonNode was = JSON.readTree(before);
            JsonNode is = JSON.readTree(after.body());
            assertThat(is.get("etag")).isEqualTo(was.get("etag"));
            assertThat(is.get("authentication")).isEqualTo(was.get("authentication"));
        }
    }

    @Test
    void disableThroughRest_thenNextAuthenticationRefusedAndRevocationFired() throws Exception {
        try (RoostServer server = start()) {
            RestClient rest = client(server, "http");
            JsonNode device = JSON.readTree(rest.owner("PUT", "/devices/sensor", "{}").body());
            String key = device.at("/authentication/symmetricKey/primaryKey").asText();
            String deviceToken = SasTokens.sign(SasTokens.deviceResource("localhost", "sensor"), key,
                    Instant.now().plusSeconds(3600), null);
            assertThat(server.registry().authenticateDevice("sensor", deviceToken).join().deviceId()).isEqualTo("sensor");
            List<String> revoked = new CopyOnWriteArrayList<>();
            server.registry().addRevocationListener((id, reason) -> revoked.add(id + ":" + reason));

            HttpResponse<String> disabled = rest.owner("PUT", "/devices/sensor",
                    "{\"deviceId\":\"sensor\",\"status\":\"disabled\",\"statusReason\":\"stolen\"}",
                    Map.of("If-Match", "\"" + device.get("etag").asText() + "\""));
            assertThat(disabled.statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
                Throwable failure = unwrap(server.registry().authenticateDevice("sensor", deviceToken)
                        .handle((ok, error) -> error).join());
                assertThat(failure).isInstanceOf(RoostException.class);
                assertThat(((RoostException) failure).status().code()).isEqualTo(401);
            });
            await().atMost(Duration.ofSeconds(1)).until(() -> revoked.contains("sensor:" + RevocationReason.DISABLED));
        }
    }

    static void assertError(HttpResponse<String> response, int status, String errorCode) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("errorCode").asText()).isEqualTo(errorCode);
        assertThat(body.get("message").asText()).isNotBlank();
    }

    private static List<String> ids(String jsonArray) throws Exception {
        return JSON.readTree(jsonArray).findValuesAsText("deviceId");
    }

    private RoostServer start() throws Exception {
        RoostServer server = new RoostServer(config(), dataDir);
        server.start();
        return server;
    }

    /** Loopback http and https, both on port 0. */
    static ServerConfig config() {
        return ConfigLoader.load(Optional.empty(), Map.of("ROOST_LISTENERS_MQTT_ENABLED", "false", "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false",
                    "ROOST_LISTENERS_HTTP_PORT", "0"),
                Map.of(ListenerName.HTTPS.portKey(), new RawFlag("--https-port", "0"),
                        ListenerName.HTTPS.bindAddressKey(), new RawFlag("--https-bind", "127.0.0.1")));
    }

    static RestClient client(RoostServer server, String listener) throws Exception {
        return RestClient.forListener(server, listener);
    }

    static SSLContext trustOnly(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("roost-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
