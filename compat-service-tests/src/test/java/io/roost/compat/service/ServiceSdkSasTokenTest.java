package io.roost.compat.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionString;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.RegistryOptions;
import io.roost.registry.events.RegistryEvents;
import io.roost.registry.policy.HubIdentity;
import io.roost.registry.policy.Permission;
import io.roost.registry.policy.SharedAccessPolicy;
import io.roost.registry.sas.SasToken;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Azure IoT service SDK for Java 2.1.9 as an oracle: it must accept the policy connection
 * strings Roost prints, and the tokens it makes from them must pass Roost's verifier.
 */
class ServiceSdkSasTokenTest {

    @TempDir
    Path dataDir;

    private HubIdentity hub;
    private DeviceRegistry registry;

    @BeforeEach
    void open() throws Exception {
        hub = HubIdentity.loadOrCreate(dataDir, "localhost");
        registry = DeviceRegistry.open(dataDir, hub, Clock.systemUTC(), RegistryOptions.defaults(), RegistryEvents.NONE);
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void sdkToken_whenOwnerConnectionString_thenEveryPermissionGranted() throws Exception {
        String token = sdkToken(hub.ownerConnectionString());
        assertThat(SasToken.parse(token).keyName()).isEqualTo("iothubowner");
        for (Permission p : Permission.values()) {
            assertThat(registry.authenticatePolicy(token, p).join().name()).isEqualTo("iothubowner");
        }
    }

    @Test
    void sdkToken_whenServicePolicy_thenServiceConnectOnly() throws Exception {
        String token = sdkToken(hub.connectionStrings().forPolicy(hub.policy("service").orElseThrow()));
        registry.authenticatePolicy(token, Permission.SERVICE_CONNECT).join();
        assertStatus(Status.FORBIDDEN, registry.authenticatePolicy(token, Permission.REGISTRY_READ));
        assertStatus(Status.FORBIDDEN, registry.authenticatePolicy(token, Permission.REGISTRY_WRITE));
    }

    @Test
    void sdkToken_whenUnknownPolicyOrWrongKey_thenUnauthorized() throws Exception {
        SharedAccessPolicy stranger = SharedAccessPolicy.generate("stranger", EnumSet.allOf(Permission.class));
        assertStatus(Status.UNAUTHORIZED, registry.authenticatePolicy(
                sdkToken(hub.connectionStrings().forPolicy(stranger)), Permission.REGISTRY_READ));
        SharedAccessPolicy forged = new SharedAccessPolicy("iothubowner", stranger.primaryKey(),
                stranger.secondaryKey(), EnumSet.allOf(Permission.class));
        assertStatus(Status.UNAUTHORIZED, registry.authenticatePolicy(
                sdkToken(hub.connectionStrings().forPolicy(forged)), Permission.REGISTRY_READ));
    }

    @Test
    void sdkToken_whenOtherHost_thenUnauthorized() throws Exception {
        String otherHost = hub.ownerConnectionString().replace("HostName=localhost", "HostName=evil.example.com");
        assertStatus(Status.UNAUTHORIZED, registry.authenticatePolicy(sdkToken(otherHost), Permission.REGISTRY_READ));
    }

    private static String sdkToken(String connectionString) throws Exception {
        IotHubConnectionString cs = IotHubConnectionStringBuilder.createIotHubConnectionString(connectionString);
        return new IotHubServiceSasToken(cs).toString();
    }

    private static void assertStatus(Status status, CompletableFuture<?> future) {
        Throwable t = catchThrowable(future::join);
        assertThat(t).isInstanceOf(CompletionException.class).hasCauseInstanceOf(RoostException.class);
        assertThat(((RoostException) t.getCause()).status()).isEqualTo(status);
    }
}
