package io.roost.amqp;

/** The AMQP listener's limits (design.md section 7), set explicitly on the Proton transport and links. */
public final class AmqpLimits {

    /** Largest AMQP frame either side may send; larger messages span several transfer frames. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    /** Largest D2C message (the encoded AMQP message, properties included), as IoT Hub: 256 KiB. */
    public static final int MAX_D2C_MESSAGE_BYTES = 256 * 1024;
    /** Largest C2D message a device link carries, as IoT Hub: 64 KiB. */
    public static final int MAX_C2D_MESSAGE_BYTES = 64 * 1024;
    /** Sessions per connection (channel-max + 1); one more ends the session with resource-limit-exceeded. */
    public static final int MAX_SESSIONS = 16;
    /** Links per connection over all its sessions. */
    public static final int MAX_LINKS = 64;
    /** Credit a D2C link gets; replenished as appends become durable. */
    public static final int D2C_CREDIT = 100;
    /** Unsettled C2D deliveries per link, whatever credit the device grants. */
    public static final int C2D_MAX_IN_FLIGHT = 8;
    /** How long a new connection may take to authenticate a device (SASL PLAIN or a CBS put-token). */
    public static final int AUTH_TIMEOUT_SECONDS = 30;

    private AmqpLimits() {
    }
}
