package io.roost.mqtt;

/** The MQTT listener's limits (design.md section 7), set explicitly on the decoder. */
public final class MqttLimits {

    /** Largest D2C payload, as IoT Hub: 256 KiB. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    /** Largest packet after the fixed header: the payload plus room for the topic and packet id. */
    public static final int MAX_MESSAGE_BYTES = MAX_PAYLOAD_BYTES + 1024;
    /**
     * Largest whole packet: {@link #MAX_MESSAGE_BYTES} plus the fixed header (one type byte and at
     * most four of remaining length, MQTT 3.1.1 section 2.2). The WebSocket frame limit, as a
     * client sends one packet per frame.
     */
    public static final int MAX_PACKET_BYTES = MAX_MESSAGE_BYTES + 5;
    /** Client id = device id, at most 128 characters. */
    public static final int MAX_CLIENT_ID_LENGTH = 128;
    /** How long a new connection may take to send CONNECT. */
    public static final int CONNECT_TIMEOUT_SECONDS = 30;

    private MqttLimits() {
    }
}
