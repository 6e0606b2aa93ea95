package io.roost.core.throttle;

/** What a throttle decision limited; its label is the {@code kind} of {@code roost_throttled_total}. */
public enum ThrottleKind {
    /** A device's own D2C message rate. */
    D2C("d2c"),
    /** The hub-wide D2C message rate. */
    HUB("hub"),
    /** A device's connects per minute. */
    CONNECT("connect"),
    /** A shared access policy's registry requests per second. */
    REGISTRY("registry");

    private final String label;

    ThrottleKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
