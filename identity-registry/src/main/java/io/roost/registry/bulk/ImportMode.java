package io.roost.registry.bulk;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;

/** IoT Hub's {@code importMode} values; an import line without one means {@link #CREATE_OR_UPDATE}. */
public enum ImportMode {
    CREATE("create"),
    CREATE_OR_UPDATE("createOrUpdate"),
    UPDATE("update"),
    UPDATE_IF_MATCH_ETAG("updateIfMatchETag"),
    DELETE("delete"),
    DELETE_IF_MATCH_ETAG("deleteIfMatchETag");

    private final String json;

    ImportMode(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** Case-insensitive, as IoT Hub reads it. */
    public static ImportMode fromJson(String value) {
        if (value == null) {
            return CREATE_OR_UPDATE;
        }
        for (ImportMode m : values()) {
            if (m.json.equalsIgnoreCase(value)) {
                return m;
            }
        }
        throw new RoostException(Status.BAD_REQUEST, "importMode " + value + " is not supported");
    }
}
