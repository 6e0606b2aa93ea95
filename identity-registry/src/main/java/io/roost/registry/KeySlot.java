package io.roost.registry;

/** Which device key {@link DeviceRegistry#regenerateKeys} replaces. */
public enum KeySlot {
    PRIMARY,
    SECONDARY,
    BOTH
}
