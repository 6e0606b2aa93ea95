package io.roost.registry.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.registry.device.DeviceId;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.json.DeviceJson;
import java.io.IOException;

/**
 * One parsed line of an import: IoT Hub's export/import device object
 * ({@code {"id":..,"eTag":..,"importMode":..,"status":..,"statusReason":..,"authentication":{..}}};
 * twin fields are ignored). Immutable.
 */
record ImportLine(long number, ImportMode mode, DeviceSpec spec) {

    /** @throws RoostException BAD_REQUEST for malformed JSON, a bad id or a bad mode */
    static ImportLine parse(long number, String text) {
        JsonNode node;
        try {
            node = DeviceJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new RoostException(Status.BAD_REQUEST, "the line is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new RoostException(Status.BAD_REQUEST, "the line is not a JSON object");
        }
        DeviceSpec spec = DeviceJson.specFrom(node, "id", "eTag");
        DeviceId.requireValid(spec.deviceId());
        ImportMode mode = ImportMode.fromJson(DeviceJson.text(node, "importMode"));
        if ((mode == ImportMode.UPDATE_IF_MATCH_ETAG || mode == ImportMode.DELETE_IF_MATCH_ETAG) && spec.etag() == null) {
            throw new RoostException(Status.BAD_REQUEST, "importMode " + mode.json() + " needs an eTag");
        }
        return new ImportLine(number, mode, spec);
    }

    /** The {@code id} of a line that failed to parse, when it can still be read; else null. */
    static String idOf(String text) {
        try {
            JsonNode node = DeviceJson.MAPPER.readTree(text);
            JsonNode id = node == null ? null : node.get("id");
            return id != null && id.isTextual() ? id.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
