package io.roost.registry.bulk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roost.core.error.RoostException.Status;
import io.roost.registry.json.DeviceJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes import result lines, one per input line:
 * {@code {"line":3,"id":"d","result":"created"}} or
 * {@code {"line":4,"id":"d","errorCode":"DeviceAlreadyExists","errorStatus":"..."}} (IoT Hub's
 * import error log uses {@code errorCode} / {@code errorStatus}). Not thread-safe.
 */
final class ImportResults {

    private final Writer out;
    private long succeeded;
    private long failed;

    ImportResults(Writer out) {
        this.out = out;
    }

    void success(long line, String id, String result) {
        ObjectNode n = DeviceJson.MAPPER.createObjectNode();
        n.put("line", line);
        n.put("id", id);
        n.put("result", result);
        write(n);
        succeeded++;
    }

    void error(long line, String id, Status status, String message) {
        ObjectNode n = DeviceJson.MAPPER.createObjectNode();
        n.put("line", line);
        n.put("id", id);
        n.put("errorCode", errorCode(status));
        n.put("errorStatus", message);
        write(n);
        failed++;
    }

    long succeeded() {
        return succeeded;
    }

    long failed() {
        return failed;
    }

    /** IoT Hub's error code names for the statuses an import line can end with. */
    static String errorCode(Status status) {
        return switch (status) {
            case BAD_REQUEST -> "ArgumentInvalid";
            case CONFLICT -> "DeviceAlreadyExists";
            case NOT_FOUND -> "DeviceNotFound";
            case PRECONDITION_FAILED -> "PreconditionFailed";
            case UNAVAILABLE -> "ServiceUnavailable";
            default -> "ServerError";
        };
    }

    private void write(ObjectNode n) {
        try {
            out.write(n.toString());
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
