package io.roost.registry.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.RegistryOptions;
import io.roost.registry.device.Device;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.device.DeviceStatus;
import io.roost.registry.events.RegistryEvents;
import io.roost.registry.policy.HubIdentity;
import io.roost.registry.revocation.RevocationReason;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkImportExportTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dataDir;

    private DeviceRegistry registry;
    private final Map<String, RevocationReason> revoked = new ConcurrentHashMap<>();

    @BeforeEach
    void open() throws Exception {
        registry = DeviceRegistry.open(dataDir, HubIdentity.loadOrCreate(dataDir, "localhost"), Clock.systemUTC(),
                RegistryOptions.defaults(), RegistryEvents.NONE);
        registry.addRevocationListener(revoked::put);
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void importDevices_whenEveryMode_thenOneResultLinePerInputLine() throws Exception {
        Device existing = registry.create(DeviceSpec.of("old")).join();
        registry.create(DeviceSpec.of("gone")).join();
        String input = String.join("\n",
                "{\"id\":\"new1\",\"importMode\":\"create\"}",
                "{\"id\":\"old\",\"importMode\":\"create\"}",
                "{\"id\":\"new2\"}",
                "{\"id\":\"old\",\"importMode\":\"updateIfMatchETag\",\"eTag\":\"stale\",\"status\":\"disabled\"}",
                "{\"id\":\"old\",\"importMode\":\"updateIfMatchETag\",\"eTag\":\"" + existing.etag() + "\",\"status\":\"disabled\"}",
                "{\"id\":\"ghost\",\"importMode\":\"update\"}",
                "not json",
                "{\"id\":\"bad/id\"}",
                "",
                "{\"id\":\"gone\",\"importMode\":\"Delete\"}",
                "{\"id\":\"new1\",\"importMode\":\"updateTwin\"}",
                "{\"id\":\"k\",\"authentication\":{\"type\":\"sas\",\"symmetricKey\":{\"primaryKey\":\"short\"}}}");
        StringWriter out = new StringWriter();
        ImportSummary summary = registry.importDevices(new BufferedReader(new StringReader(input)), out).join();

        List<JsonNode> results = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            results.add(MAPPER.readTree(line));
        }
        assertThat(results).hasSize(11);
        assertThat(summary).isEqualTo(new ImportSummary(11, 4, 7));
        assertThat(results).extracting(n -> n.path("line").asInt()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12);
        assertThat(results).extracting(n -> n.has("errorCode") ? n.get("errorCode").asText() : n.get("result").asText())
                .containsExactly("created", "DeviceAlreadyExists", "created", "PreconditionFailed", "updated",
                        "DeviceNotFound", "ArgumentInvalid", "ArgumentInvalid", "deleted", "ArgumentInvalid",
                        "ArgumentInvalid");
        assertThat(results.get(7).get("id").asText()).isEqualTo("bad/id");
        assertThat(registry.get("old").join().status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(registry.get("old").join().authentication()).isEqualTo(existing.authentication());
        assertThat(revoked).containsEntry("old", RevocationReason.DISABLED).containsEntry("gone", RevocationReason.DELETED);
        assertThat(registry.list(100, null).join().devices()).extracting(Device::deviceId)
                .containsExactly("new1", "new2", "old");
    }

    @Test
    void exportDevices_whenKeysNotAsked_thenKeysNull() throws Exception {
        registry.create(DeviceSpec.of("d1")).join();
        StringWriter out = new StringWriter();
        assertThat(registry.exportDevices(out, false).join()).isEqualTo(1);
        JsonNode line = MAPPER.readTree(out.toString().trim());
        assertThat(line.get("id").asText()).isEqualTo("d1");
        assertThat(line.at("/authentication/symmetricKey/primaryKey").isNull()).isTrue();
        assertThat(line.at("/authentication/type").asText()).isEqualTo("sas");
    }

    /** Acceptance: 100,000 devices in, the same 100,000 (ids and keys) out. */
    @Test
    void importDevices_when100000Devices_thenExportReturnsTheSame() throws Exception {
        int n = 100_000;
        StringBuilder input = new StringBuilder(n * 160);
        Map<String, String> keys = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            String id = "device-" + i;
            String primary = io.roost.registry.device.SymmetricKey.randomKey();
            keys.put(id, primary);
            input.append("{\"id\":\"").append(id).append("\",\"importMode\":\"create\",\"status\":\"enabled\",")
                    .append("\"authentication\":{\"type\":\"sas\",\"symmetricKey\":{\"primaryKey\":\"")
                    .append(primary).append("\"}}}\n");
        }
        long start = System.nanoTime();
        StringWriter results = new StringWriter(n * 60);
        ImportSummary summary = registry.importDevices(
                new BufferedReader(new StringReader(input.toString())), results).join();
        long imported = System.nanoTime();
        assertThat(summary).isEqualTo(new ImportSummary(n, n, 0));

        StringWriter export = new StringWriter(n * 200);
        assertThat(registry.exportDevices(export, true).join()).isEqualTo(n);
        long exported = System.nanoTime();
        Map<String, String> exportedKeys = new HashMap<>(n * 2);
        for (String line : export.toString().split("\n")) {
            JsonNode node = MAPPER.readTree(line);
            exportedKeys.put(node.get("id").asText(), node.at("/authentication/symmetricKey/primaryKey").asText());
        }
        assertThat(exportedKeys).isEqualTo(keys);
        System.out.printf("bulk: imported %d devices in %d ms (%.0f devices/s), exported in %d ms%n", n,
                (imported - start) / 1_000_000, n / ((imported - start) / 1e9), (exported - imported) / 1_000_000);
    }
}
