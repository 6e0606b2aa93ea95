package io.roost.core.message;

/**
 * Names of the IoT Hub system properties a D2C message may carry, as they appear in Event Hubs
 * messages read from IoT Hub's built-in endpoint. Devices may set the first five; Roost stamps the
 * connection ones itself so a device cannot spoof them.
 */
public final class SystemProperty {

    public static final String MESSAGE_ID = "message-id";
    public static final String CORRELATION_ID = "correlation-id";
    public static final String USER_ID = "user-id";
    public static final String CONTENT_TYPE = "content-type";
    public static final String CONTENT_ENCODING = "content-encoding";
    public static final String CREATION_TIME_UTC = "iothub-creation-time-utc";
    public static final String CONNECTION_DEVICE_ID = "iothub-connection-device-id";
    public static final String CONNECTION_AUTH_METHOD = "iothub-connection-auth-method";
    public static final String MESSAGE_SOURCE = "iothub-message-source";

    /** The {@link #CONNECTION_AUTH_METHOD} of a device authenticated with a SAS token, as IoT Hub stamps it. */
    public static final String SAS_DEVICE_AUTH_METHOD =
            "{\"scope\":\"device\",\"type\":\"sas\",\"issuer\":\"iothub\",\"acceptingIpFilterRule\":null}";

    private SystemProperty() {
    }
}
