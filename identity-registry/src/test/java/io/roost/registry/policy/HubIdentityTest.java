package io.roost.registry.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubIdentityTest {

    @TempDir
    Path dataDir;

    @Test
    void loadOrCreate_whenEmptyDataDir_thenFiveDefaultPoliciesWithRandom256BitKeys() throws Exception {
        HubIdentity hub = HubIdentity.loadOrCreate(dataDir, "localhost");
        assertThat(hub.policies()).extracting(SharedAccessPolicy::name)
                .containsExactly("iothubowner", "service", "device", "registryRead", "registryReadWrite");
        assertThat(hub.policy("iothubowner").orElseThrow().permissions()).isEqualTo(EnumSet.allOf(Permission.class));
        assertThat(hub.policy("service").orElseThrow().permissions()).containsExactly(Permission.SERVICE_CONNECT);
        assertThat(hub.policy("device").orElseThrow().permissions()).containsExactly(Permission.DEVICE_CONNECT);
        assertThat(hub.policy("registryRead").orElseThrow().permissions()).containsExactly(Permission.REGISTRY_READ);
        assertThat(hub.policy("registryReadWrite").orElseThrow().permissions())
                .containsExactlyInAnyOrder(Permission.REGISTRY_READ, Permission.REGISTRY_WRITE);
        for (SharedAccessPolicy p : hub.policies()) {
            assertThat(Base64.getDecoder().decode(p.primaryKey())).hasSize(32);
            assertThat(Base64.getDecoder().decode(p.secondaryKey())).hasSize(32);
        }
        assertThat(hub.policies()).extracting(SharedAccessPolicy::primaryKey).doesNotHaveDuplicates();
    }

    @Test
    void loadOrCreate_whenCreated_thenFileIsOwnerOnlyAndNoTempLeft() throws Exception {
        HubIdentity.loadOrCreate(dataDir, "localhost");
        Path file = dataDir.resolve(HubIdentity.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(dataDir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void loadOrCreate_whenFileExists_thenSameKeysLoaded() throws Exception {
        HubIdentity first = HubIdentity.loadOrCreate(dataDir, "localhost");
        HubIdentity second = HubIdentity.loadOrCreate(dataDir, "localhost");
        assertThat(second.policies()).isEqualTo(first.policies());
        assertThat(second.ownerConnectionString()).isEqualTo(first.ownerConnectionString());
    }

    @Test
    void loadOrCreate_whenHostNameChanged_thenNewHostSameKeys() throws Exception {
        HubIdentity first = HubIdentity.loadOrCreate(dataDir, "localhost");
        HubIdentity second = HubIdentity.loadOrCreate(dataDir, "iot.example.com");
        assertThat(second.hostName()).isEqualTo("iot.example.com");
        assertThat(second.hubName()).isEqualTo("iot");
        assertThat(second.policies()).isEqualTo(first.policies());
        assertThat(HubIdentity.load(dataDir).orElseThrow().hostName())
                .as("tools reading hub.json sign for the host the server now accepts")
                .isEqualTo("iot.example.com");
    }

    @Test
    void ownerConnectionString_whenLocalhost_thenServiceFormWithOwnerPrimaryKey() throws Exception {
        HubIdentity hub = HubIdentity.loadOrCreate(dataDir, "localhost");
        assertThat(hub.ownerConnectionString()).isEqualTo("HostName=localhost;SharedAccessKeyName=iothubowner;"
                + "SharedAccessKey=" + hub.policy("iothubowner").orElseThrow().primaryKey());
        assertThat(hub.hubName()).isEqualTo("roost");
    }

    @Test
    void load_whenNoHub_thenEmptyAndNothingCreated() throws Exception {
        Path missing = dataDir.resolve("data");

        assertThat(HubIdentity.load(missing)).isEmpty();
        assertThat(missing).doesNotExist();
    }

    @Test
    void load_whenHubExists_thenSameKeysAndRecordedHostName() throws Exception {
        HubIdentity created = HubIdentity.loadOrCreate(dataDir, "iot.example.com");

        HubIdentity loaded = HubIdentity.load(dataDir).orElseThrow();

        assertThat(loaded.hostName()).isEqualTo("iot.example.com");
        assertThat(loaded.ownerConnectionString()).isEqualTo(created.ownerConnectionString());
    }
}
