package io.roost.compat.sas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.microsoft.azure.sdk.iot.device.IotHubConnectionString;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSasToken;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSasTokenSoftwareAuthenticationProvider;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.RegistryOptions;
import io.roost.registry.device.Device;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.device.SymmetricKey;
import io.roost.registry.events.RegistryEvents;
import io.roost.registry.policy.HubIdentity;
import io.roost.registry.sas.SasToken;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Azure IoT device SDK for Java 2.5.0 as an oracle: the connection strings Roost prints must be
 * accepted by it, and the SAS tokens it makes from them must pass Roost's verifier.
 */
class DeviceSdkSasTokenTest {

    @TempDir
    Path dataDir;

    private DeviceRegistry registry;

    private DeviceRegistry open(String hostName) throws Exception {
        registry = DeviceRegistry.open(dataDir, HubIdentity.loadOrCreate(dataDir, hostName), Clock.systemUTC(),
                RegistryOptions.defaults(), RegistryEvents.NONE);
        return registry;
    }

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void sdkToken_whenPrintedLocalhostConnectionString_thenSdkAcceptsItAndTokenVerifies() throws Exception {
        HubIdentity hub = HubIdentity.loadOrCreate(dataDir, "localhost");
        Device device = open("localhost").create(DeviceSpec.of("dev1")).join();
        String printed = hub.connectionStrings().forDevice("dev1", device.authentication().symmetricKey().primaryKey());

        IotHubConnectionString parsed = new IotHubConnectionString(printed);
        assertThat(parsed.getHubName()).isEqualTo("roost");
        assertThat(parsed.getGatewayHostName()).isEqualTo("localhost");

        String token = sdkToken(parsed);
        // The SDK signs and sends sr raw, not URL-encoded as the documented recipe does (design.md section 6).
        assertThat(SasToken.parse(token).rawResource()).isEqualTo("roost.localhost/devices/dev1");
        assertThat(registry.authenticateDevice("dev1", token).join().deviceId()).isEqualTo("dev1");
    }

    @Test
    void sdkToken_whenDnsHostName_thenNoGatewayAndTokenVerifies() throws Exception {
        HubIdentity hub = HubIdentity.loadOrCreate(dataDir, "iot.example.com");
        Device device = open("iot.example.com").create(DeviceSpec.of("dev-1.a+b")).join();
        String printed = hub.connectionStrings().forDevice("dev-1.a+b",
                device.authentication().symmetricKey().secondaryKey());
        IotHubConnectionString parsed = new IotHubConnectionString(printed);
        assertThat(parsed.getGatewayHostName()).isNull();
        assertThat(registry.authenticateDevice("dev-1.a+b", sdkToken(parsed)).join()).isNotNull();
    }

    @Test
    void sdkToken_whenWrongKeyOtherDeviceOrExpired_thenUnauthorized() throws Exception {
        HubIdentity hub = HubIdentity.loadOrCreate(dataDir, "localhost");
        open("localhost");
        Device dev1 = registry.create(DeviceSpec.of("dev1")).join();
        Device dev2 = registry.create(DeviceSpec.of("dev2")).join();
        String host = hub.connectionStrings().deviceHostName();

        String wrongKey = new IotHubSasToken(host, "dev1", SymmetricKey.randomKey(), null, null,
                System.currentTimeMillis() / 1000 + 600).toString();
        assertUnauthorized(registry.authenticateDevice("dev1", wrongKey));

        String otherDevice = new IotHubSasToken(host, "dev2", dev2.authentication().symmetricKey().primaryKey(),
                null, null, System.currentTimeMillis() / 1000 + 600).toString();
        assertUnauthorized(registry.authenticateDevice("dev1", otherDevice));

        String expired = new IotHubSasToken(host, "dev1", dev1.authentication().symmetricKey().primaryKey(),
                null, null, System.currentTimeMillis() / 1000 - 1).toString();
        assertUnauthorized(registry.authenticateDevice("dev1", expired));

        String otherHost = new IotHubSasToken("evil.example.com", "dev1",
                dev1.authentication().symmetricKey().primaryKey(), null, null,
                System.currentTimeMillis() / 1000 + 600).toString();
        assertUnauthorized(registry.authenticateDevice("dev1", otherHost));
    }

    /** The token the SDK's own SAS authentication provider sends (what goes on the wire). */
    private static String sdkToken(IotHubConnectionString cs) throws Exception {
        return new String(new IotHubSasTokenSoftwareAuthenticationProvider(cs.getHostName(), cs.getGatewayHostName(),
                cs.getDeviceId(), cs.getModuleId(), cs.getSharedAccessKey(), null).getSasToken());
    }

    private static void assertUnauthorized(CompletableFuture<?> future) {
        Throwable t = catchThrowable(future::join);
        assertThat(t).isInstanceOf(CompletionException.class).hasCauseInstanceOf(RoostException.class);
        assertThat(((RoostException) t.getCause()).status()).isEqualTo(Status.UNAUTHORIZED);
    }
}
