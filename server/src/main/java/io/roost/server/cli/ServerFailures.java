package io.roost.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;

/**
 * Turns a refusal of the service API (status plus IoT Hub's {@code {"errorCode","message"}}) into
 * one line a person can act on: by the error code where it says more than the status
 * ({@code DeviceMaximumQueueDepthExceeded}), otherwise by the status. Immutable.
 */
final class ServerFailures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final HubKeys keys;

    ServerFailures(URI baseUrl, HubKeys keys) {
        this.baseUrl = baseUrl;
        this.keys = keys;
    }

    CliException unreachable() {
        return new CliException("cannot reach the server at " + baseUrl + " (is it running? ./roost start)");
    }

    /** @param deviceId the device the request was about, or null */
    CliException of(int status, String body, String deviceId) {
        String message = message(body);
        String detail = message == null ? "" : ": " + message;
        String specific = switch (errorCode(body)) {
            case "DeviceMaximumQueueDepthExceeded" -> "the queue of device " + deviceId + " is full (" + status + detail
                    + "); wait for the device to take messages, or purge it";
            case "DeviceMessageLockLost" -> "the lock was lost (" + status + detail + "); receive again";
            case "MessageTooLarge" -> deviceId != null ? "the message is too large (" + status + detail + ")" : null;
            default -> null;
        };
        if (specific != null) {
            return new CliException(specific, status);
        }
        String text = switch (status) {
            case 401 -> "the server refused the " + keys.defaultPolicy() + " key (401" + detail + "); are the keys in "
                    + keys.origin() + " those of the server at " + baseUrl + "?";
            case 403 -> "policy " + keys.defaultPolicy() + " may not do this (403" + detail + ")";
            case 404 -> deviceId != null ? "device " + deviceId + " not found"
                    : "not found at " + baseUrl + " (404" + detail + "); is that a Roost server?";
            case 409 -> deviceId != null ? "device " + deviceId + " already exists" : "conflict (409" + detail + ")";
            case 412 -> "device " + deviceId + " was changed by someone else meanwhile (412); try again";
            case 413 -> "the request is larger than the server accepts (413): split the file (at most 64 MiB each)";
            case 503 -> "the server is busy (503" + detail + "); try again";
            default -> "the server refused the request (" + status + detail + ")";
        };
        return new CliException(text, status);
    }

    /** The {@code errorCode} of an error body, or "" when there is none. */
    private static String errorCode(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            return JSON.readTree(body).path("errorCode").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    /** The {@code message} of an error body, or null when there is none. */
    private static String message(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(body);
            String message = n.path("message").asText(null);
            return message == null || message.isBlank() ? n.path("errorCode").asText(null) : message;
        } catch (IOException e) {
            return null;
        }
    }
}
