package io.roost.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sets a device's status without losing a concurrent change: read the device and its etag, then
 * replace it with {@code If-Match}. When someone else changed it in between (412) it reads and
 * tries once more, then gives up. Stateless.
 */
final class StatusChange {

    private StatusChange() {
    }

    /** @param reason the status reason to store, or null for none */
    static JsonNode apply(RegistryClient client, String deviceId, String status, String reason) {
        for (int attempt = 1; ; attempt++) {
            JsonNode current = client.get(deviceId);
            ObjectNode body = JsonNodeFactory.instance.objectNode()
                    .put("deviceId", deviceId)
                    .put("status", status)
                    .put("statusReason", reason);
            // The keys and authentication type stay as they are.
            if (current.has("authentication")) {
                body.set("authentication", current.get("authentication"));
            }
            try {
                return client.replace(deviceId, body, current.path("etag").asText());
            } catch (CliException e) {
                if (e.status() != 412 || attempt == 2) {
                    throw e;
                }
            }
        }
    }
}
