package io.roost.core.operations;

/**
 * The operations log's categories, named as IoT Hub's resource logs name them so dashboards and
 * queries written for IoT Hub read the same words.
 */
public enum OperationCategory {
    Connections,
    DeviceTelemetry,
    C2DCommands,
    DeviceIdentityOperations,
    Throttling,
    IpFilter;

    /** The category named {@code name}, ignoring case; {@code null} if there is none. */
    public static OperationCategory parse(String name) {
        for (OperationCategory category : values()) {
            if (category.name().equalsIgnoreCase(name)) {
                return category;
            }
        }
        return null;
    }
}
