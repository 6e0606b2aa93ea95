package io.roost.mqtt;

/** The MQTT listener's limits (design.md section 7), set explicitly on the decoder. */
public final class MqttLimits {

    /** Largest D2C payload, as IoT Hub: 256 KiB. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    /** Largest packet after the fixed header: the payload plus room for the topic and packet id. */
    public static final int MAX_MESSAGE_BYTES = MAX_PAYLOAD_BYTES + 1024;
    /** Client id = device id, at most 128 characters. */
    public static final int MAX_CLIENT_ID_LENGTH = 128;
    /** How long a new connection may take to send CONNECT. */
    public static final int CONNECT_TIMEOUT_SECONDS = 30;

    private MqttLimits() {
    }
}
