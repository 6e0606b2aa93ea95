package io.roost.registry.policy;

/** IoT Hub's shared access policy rights; names are Azure's, as written in {@code hub.json}. */
public enum Permission {
    REGISTRY_READ("RegistryRead"),
    REGISTRY_WRITE("RegistryWrite"),
    SERVICE_CONNECT("ServiceConnect"),
    DEVICE_CONNECT("DeviceConnect");

    private final String azureName;

    Permission(String azureName) {
        this.azureName = azureName;
    }

    public String azureName() {
        return azureName;
    }

    public static Permission fromAzureName(String name) {
        for (Permission p : values()) {
            if (p.azureName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown permission " + name);
    }
}
