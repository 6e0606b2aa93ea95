package io.roost.registry.device;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;

/**
 * The device id rule of IoT Hub: at most 128 characters of {@code [A-Za-z0-9-.+%_#*?!(),=@$']},
 * compared case-sensitively (design.md section 7). Stateless; thread-safe.
 */
public final class DeviceId {

    public static final int MAX_LENGTH = 128;

    private static final String ALLOWED_PUNCTUATION = "-.+%_#*?!(),=@$'";

    private DeviceId() {
    }

    /**
     * Returns {@code deviceId} unchanged when it is valid.
     *
     * @throws RoostException BAD_REQUEST naming what is wrong
     */
    public static String requireValid(String deviceId) {
        if (deviceId == null || deviceId.isEmpty()) {
            throw new RoostException(Status.BAD_REQUEST, "deviceId is required");
        }
        if (deviceId.length() > MAX_LENGTH) {
            throw new RoostException(Status.BAD_REQUEST,
                    "deviceId is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < deviceId.length(); i++) {
            char c = deviceId.charAt(i);
            if (!isAllowed(c)) {
                throw new RoostException(Status.BAD_REQUEST, "deviceId contains the character at index "
                        + i + " which is not one of A-Z a-z 0-9 " + ALLOWED_PUNCTUATION);
            }
        }
        return deviceId;
    }

    public static boolean isValid(String deviceId) {
        if (deviceId == null || deviceId.isEmpty() || deviceId.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < deviceId.length(); i++) {
            if (!isAllowed(deviceId.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAllowed(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || ALLOWED_PUNCTUATION.indexOf(c) >= 0;
    }
}
