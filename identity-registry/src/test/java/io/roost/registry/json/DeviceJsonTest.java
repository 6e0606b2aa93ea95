package io.roost.registry.json;

import static io.roost.registry.Statuses.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roost.core.error.RoostException.Status;
import io.roost.registry.device.AuthenticationType;
import io.roost.registry.device.Device;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.device.DeviceStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeviceJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void encode_whenDevice_thenAzureRegistryShape() throws Exception {
        Device d = DeviceSpec.of("dev1").toNewDevice(Instant.parse("2026-01-02T03:04:05Z"));
        JsonNode n = MAPPER.readTree(DeviceJson.encode(d));
        assertThat(n.fieldNames()).toIterable().containsExactly("deviceId", "generationId", "etag",
                "connectionState", "status", "statusReason", "connectionStateUpdatedTime", "statusUpdatedTime",
                "lastActivityTime", "cloudToDeviceMessageCount", "authentication", "capabilities");
        assertThat(n.get("deviceId").asText()).isEqualTo("dev1");
        assertThat(n.get("etag").asText()).isEqualTo(d.etag()).doesNotContain("\"");
        assertThat(n.get("status").asText()).isEqualTo("enabled");
        assertThat(n.get("connectionState").asText()).isEqualTo("Disconnected");
        assertThat(n.get("statusUpdatedTime").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(n.get("lastActivityTime").asText()).isEqualTo(DeviceJson.UNSET_TIME);
        assertThat(n.get("cloudToDeviceMessageCount").asInt()).isZero();
        JsonNode auth = n.get("authentication");
        assertThat(auth.get("type").asText()).isEqualTo("sas");
        assertThat(auth.at("/symmetricKey/primaryKey").asText()).isEqualTo(d.authentication().symmetricKey().primaryKey());
        assertThat(auth.at("/x509Thumbprint").has("primaryThumbprint")).isTrue();
        assertThat(n.at("/capabilities/iotEdge").asBoolean(true)).isFalse();
    }

    @Test
    void decodeSpec_whenAzureSdkBody_thenClientFieldsRead() {
        String body = "{\"deviceId\":\"d2\",\"etag\":\"abc\",\"status\":\"Disabled\",\"statusReason\":\"maint\","
                + "\"authentication\":{\"symmetricKey\":{\"primaryKey\":null,\"secondaryKey\":\"\"},"
                + "\"x509Thumbprint\":{\"primaryThumbprint\":null},\"type\":\"sas\"},"
                + "\"capabilities\":{\"iotEdge\":false},\"connectionState\":\"Connected\",\"unknown\":1}";
        DeviceSpec spec = DeviceJson.decodeSpec(body.getBytes(StandardCharsets.UTF_8));
        assertThat(spec.deviceId()).isEqualTo("d2");
        assertThat(spec.etag()).isEqualTo("abc");
        assertThat(spec.status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(spec.statusReason()).isEqualTo("maint");
        assertThat(spec.type()).isEqualTo(AuthenticationType.SAS);
        assertThat(spec.primaryKey()).isNull();
        assertThat(spec.secondaryKey()).isNull();
    }

    @Test
    void decodeSpec_whenNotJsonOrWrongTypes_thenBadRequest() {
        failsWith(Status.BAD_REQUEST, () -> DeviceJson.decodeSpec("{".getBytes(StandardCharsets.UTF_8)));
        failsWith(Status.BAD_REQUEST, () -> DeviceJson.decodeSpec("[]".getBytes(StandardCharsets.UTF_8)));
        failsWith(Status.BAD_REQUEST, () -> DeviceJson.decodeSpec("{\"deviceId\":5}".getBytes(StandardCharsets.UTF_8)));
        failsWith(Status.BAD_REQUEST, () -> DeviceJson.decodeSpec("{\"status\":\"paused\"}".getBytes(StandardCharsets.UTF_8)));
        failsWith(Status.BAD_REQUEST, () -> DeviceJson.decodeSpec(new byte[0]));
        failsWith(Status.BAD_REQUEST, () -> DeviceJson.decodeSpec(("{\"statusReason\":\"" + "x".repeat(129) + "\"}")
                .getBytes(StandardCharsets.UTF_8)));
        failsWith(Status.BAD_REQUEST, () -> DeviceJson.decodeSpec(
                "{\"authentication\":{\"type\":\"selfSigned\",\"x509Thumbprint\":{\"primaryThumbprint\":\"zz\"}}}"
                        .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void encode_thenDecodeSpec_whenRoundTrip_thenSameKeys() {
        Device d = DeviceSpec.of("dev1").toNewDevice(Instant.EPOCH);
        DeviceSpec spec = DeviceJson.decodeSpec(DeviceJson.encode(d));
        assertThat(spec.primaryKey()).isEqualTo(d.authentication().symmetricKey().primaryKey());
        assertThat(spec.secondaryKey()).isEqualTo(d.authentication().symmetricKey().secondaryKey());
        assertThat(spec.etag()).isEqualTo(d.etag());
    }
}
