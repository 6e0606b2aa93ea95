package io.roost.registry.device;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;

/** Whether a device may connect; the JSON value is IoT Hub's lower-case word. */
public enum DeviceStatus {
    ENABLED("enabled"),
    DISABLED("disabled");

    private final String json;

    DeviceStatus(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** Parses IoT Hub's value, ignoring case as IoT Hub does. */
    public static DeviceStatus fromJson(String value) {
        for (DeviceStatus s : values()) {
            if (s.json.equalsIgnoreCase(value)) {
                return s;
            }
        }
        throw new RoostException(Status.BAD_REQUEST, "status must be enabled or disabled");
    }
}
