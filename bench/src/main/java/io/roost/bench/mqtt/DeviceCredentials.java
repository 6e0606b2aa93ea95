package io.roost.bench.mqtt;

/**
 * What one device sends in CONNECT. Immutable. {@code toString} hides the password.
 *
 * @param userName null for an anonymous client
 * @param password null for none (a SAS token for Roost)
 */
public record DeviceCredentials(String deviceId, String userName, String password) {

    public static DeviceCredentials anonymous(String deviceId) {
        return new DeviceCredentials(deviceId, null, null);
    }

    @Override
    public String toString() {
        return "DeviceCredentials[" + deviceId + "]";
    }
}
