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
    /**
     * Largest C2D transfer a service may send on {@code /messages/devicebound}: a 64 KiB body and
     * room for its properties. A larger one is rejected, its bytes dropped as they arrive.
     */
    public static final int MAX_SERVICE_C2D_TRANSFER_BYTES = MAX_C2D_MESSAGE_BYTES + 16 * 1024;
    /** Credit a service's C2D send link gets, counting messages still being queued. */
    public static final int SERVICE_C2D_CREDIT = 50;
    /** Unsettled feedback batches per feedback link, whatever credit the service grants. */
    public static final int FEEDBACK_MAX_IN_FLIGHT = 4;
    /** How often an idle feedback link with credit asks the feedback queue for a batch again. */
    public static final int FEEDBACK_POLL_MILLIS = 1000;
    /** How long a new connection may take to authenticate a device (SASL PLAIN or a CBS put-token). */
    public static final int AUTH_TIMEOUT_SECONDS = 30;

    private AmqpLimits() {
    }
}
