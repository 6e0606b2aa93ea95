package io.roost.registry.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.registry.device.AuthenticationType;
import io.roost.registry.device.Device;
import io.roost.registry.device.DeviceAuthentication;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.device.DeviceStatus;
import io.roost.registry.device.X509Thumbprint;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * IoT Hub's registry Device JSON (REST api-version 2021-04-12, {@code Device} definition), both
 * ways. Field names and value spellings are Azure's: camelCase, {@code status} lower-case,
 * {@code connectionState} capitalised, unset times as {@code 0001-01-01T00:00:00Z} (what IoT Hub
 * sends and the SDKs parse), etag bare (the HTTP edge quotes it in headers). Unknown fields of a
 * request are ignored, as IoT Hub ignores them. Stateless; thread-safe.
 */
public final class DeviceJson {

    /** IoT Hub's "never" timestamp. */
    public static final String UNSET_TIME = "0001-01-01T00:00:00Z";

    /** Shared, configured once; ObjectMapper is thread-safe after configuration. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private DeviceJson() {
    }

    public static byte[] encode(Device device) {
        return write(toNode(device));
    }

    public static byte[] encodeList(List<Device> devices) {
        ArrayNode array = MAPPER.createArrayNode();
        devices.forEach(d -> array.add(toNode(d)));
        return write(array);
    }

    /** The JSON object of a device, for callers that embed it (list pages, export lines). */
    public static ObjectNode toNode(Device d) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("deviceId", d.deviceId());
        n.put("generationId", d.generationId());
        n.put("etag", d.etag());
        n.put("connectionState", d.connectionState().json());
        n.put("status", d.status().json());
        n.put("statusReason", d.statusReason());
        n.put("connectionStateUpdatedTime", time(d.connectionStateUpdatedTime()));
        n.put("statusUpdatedTime", time(d.statusUpdatedTime()));
        n.put("lastActivityTime", time(d.lastActivityTime()));
        n.put("cloudToDeviceMessageCount", d.cloudToDeviceMessageCount());
        n.set("authentication", authenticationNode(d.authentication(), true));
        ObjectNode caps = n.putObject("capabilities");
        caps.put("iotEdge", false);
        return n;
    }

    /** The {@code authentication} object; keys are left out when {@code withKeys} is false. */
    public static ObjectNode authenticationNode(DeviceAuthentication auth, boolean withKeys) {
        ObjectNode a = MAPPER.createObjectNode();
        ObjectNode keys = a.putObject("symmetricKey");
        if (withKeys && auth.symmetricKey() != null) {
            keys.put("primaryKey", auth.symmetricKey().primaryKey());
            keys.put("secondaryKey", auth.symmetricKey().secondaryKey());
        } else {
            keys.putNull("primaryKey");
            keys.putNull("secondaryKey");
        }
        ObjectNode prints = a.putObject("x509Thumbprint");
        prints.put("primaryThumbprint", auth.x509Thumbprint().primaryThumbprint());
        prints.put("secondaryThumbprint", auth.x509Thumbprint().secondaryThumbprint());
        a.put("type", auth.type().json());
        return a;
    }

    /**
     * Reads a create/replace request body.
     *
     * @throws RoostException BAD_REQUEST for malformed JSON or invalid values
     */
    public static DeviceSpec decodeSpec(byte[] body) {
        return specFrom(readTree(body), "deviceId", "etag");
    }

    /**
     * Reads a device spec from a JSON object whose id and etag fields have the given names
     * ({@code deviceId}/{@code etag} in the registry API, {@code id}/{@code eTag} in import lines).
     */
    public static DeviceSpec specFrom(JsonNode n, String idField, String etagField) {
        if (!n.isObject()) {
            throw new RoostException(Status.BAD_REQUEST, "the body must be a JSON object");
        }
        String id = text(n, idField);
        String etag = text(n, etagField);
        String statusText = text(n, "status");
        DeviceStatus status = statusText == null ? null : DeviceStatus.fromJson(statusText);
        String reason = text(n, "statusReason");
        AuthenticationType type = null;
        String primary = null;
        String secondary = null;
        X509Thumbprint prints = null;
        JsonNode auth = n.get("authentication");
        if (auth != null && auth.isObject()) {
            String typeText = text(auth, "type");
            type = typeText == null ? null : AuthenticationType.fromJson(typeText);
            JsonNode keys = auth.get("symmetricKey");
            if (keys != null && keys.isObject()) {
                primary = text(keys, "primaryKey");
                secondary = text(keys, "secondaryKey");
            }
            JsonNode tp = auth.get("x509Thumbprint");
            if (tp != null && tp.isObject()) {
                prints = new X509Thumbprint(text(tp, "primaryThumbprint"), text(tp, "secondaryThumbprint"));
            }
        } else if (auth != null && !auth.isNull()) {
            throw new RoostException(Status.BAD_REQUEST, "authentication must be an object");
        }
        return new DeviceSpec(id, etag, status, reason, type, primary, secondary, prints);
    }

    public static JsonNode readTree(byte[] body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new RoostException(Status.BAD_REQUEST, "the body is empty");
            }
            return n;
        } catch (IOException e) {
            throw new RoostException(Status.BAD_REQUEST, "the body is not valid JSON");
        }
    }

    /** A string field; null when absent, JSON null or empty text. */
    public static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new RoostException(Status.BAD_REQUEST, field + " must be a string");
        }
        return v.asText().isEmpty() ? null : v.asText();
    }

    static String time(Instant t) {
        return t == null ? UNSET_TIME : t.toString();
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
