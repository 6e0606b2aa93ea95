package io.roost.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roost.server.lifecycle.RoostServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bulk import and export over REST, with the body limits that make a 100,000-device import possible. */
class RegistryBulkRestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEVICES = 100_000;

    @TempDir
    Path dataDir;

    @Test
    void import100kDevices_thenExportReturnsTheSameIds() throws Exception {
        try (RoostServer server = new RoostServer(RegistryRestTest.config(), dataDir)) {
            server.start();
            RestClient rest = RegistryRestTest.client(server, "http");
            StringBuilder lines = new StringBuilder(DEVICES * 48);
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < DEVICES; i++) {
                String id = String.format("bulk-%06d", i);
                ids.add(id);
                lines.append("{\"id\":\"").append(id).append("\",\"importMode\":\"create\"}\n");
            }
            assertThat(lines.length()).as("bigger than the 1 MiB default limit").isGreaterThan(1024 * 1024);

            long importStart = System.nanoTime();
            HttpResponse<String> imported = rest.owner("POST", "/devices/import", lines.toString());
            long importMillis = (System.nanoTime() - importStart) / 1_000_000;
            assertThat(imported.statusCode()).as(imported.body().lines().findFirst().orElse("")).isEqualTo(200);
            assertThat(imported.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
            assertThat(imported.body().lines()).hasSize(DEVICES).allMatch(line -> line.contains("\"result\":\"created\""));

            long exportStart = System.nanoTime();
            HttpResponse<String> exported = rest.owner("GET", "/devices/export", null);
            long exportMillis = (System.nanoTime() - exportStart) / 1_000_000;
            assertThat(exported.statusCode()).isEqualTo(200);
            Set<String> exportedIds = new HashSet<>();
            for (String line : exported.body().lines().toList()) {
                JsonNode device = JSON.readTree(line);
                exportedIds.add(device.get("id").asText());
                assertThat(device.at("/authentication/symmetricKey/primaryKey").isNull()).as("keys only on request").isTrue();
            }
            assertThat(exportedIds).isEqualTo(ids);
            System.out.printf("REST import of %,d devices: %,d ms (%,.0f devices/s); export: %,d ms%n",
                    DEVICES, importMillis, DEVICES * 1000.0 / Math.max(1, importMillis), exportMillis);

            String withKeys = rest.owner("GET", "/devices/export?includeKeys=true", null).body().lines().findFirst().orElseThrow();
            assertThat(JSON.readTree(withKeys).at("/authentication/symmetricKey/primaryKey").asText()).hasSize(44);
        }
    }

    @Test
    void largeBody_acceptedOnlyByImport() throws Exception {
        try (RoostServer server = new RoostServer(RegistryRestTest.config(), dataDir)) {
            server.start();
            RestClient rest = RegistryRestTest.client(server, "http");
            String twoMiB = "{\"deviceId\":\"big\",\"statusReason\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";

            assertThat(rest.owner("PUT", "/devices/big", twoMiB).statusCode()).isEqualTo(413);
            HttpResponse<String> badImport = rest.owner("POST", "/devices/import", twoMiB + "\n");
            assertThat(badImport.statusCode()).as("the import route buffers it, then reports the bad line").isEqualTo(200);
            assertThat(badImport.body()).contains("\"errorCode\":\"ArgumentInvalid\"");
            assertThat(rest.send("POST", "/devices/import", null, twoMiB, Map.of()).statusCode())
                    .as("no token: the large limit is not granted").isEqualTo(413);
            assertThat(rest.send("POST", "/devices/import", rest.token("registryRead"), twoMiB, Map.of()).statusCode())
                    .as("a token that may not write: neither").isEqualTo(413);
            assertThat(rest.send("POST", "/devices/import", null, "{\"id\":\"x\"}\n", Map.of()).statusCode()).isEqualTo(401);
            assertThat(rest.owner("PUT", "/devices/small", "{}").statusCode()).as("the default limit is back").isEqualTo(200);
        }
    }
}
