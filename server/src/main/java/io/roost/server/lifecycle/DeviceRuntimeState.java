package io.roost.server.lifecycle;

import io.roost.core.c2d.C2dQueues;
import io.roost.mqtt.MqttSessions;
import io.roost.registry.device.ConnectionState;
import io.roost.registry.device.Device;
import java.util.function.UnaryOperator;

/**
 * What the registry does not store but its API shows: a device's C2D queue depth
 * ({@code cloudToDeviceMessageCount}) and whether it has a live MQTT session
 * ({@code connectionState}). Reads memory only. Thread-safe.
 */
final class DeviceRuntimeState implements UnaryOperator<Device> {

    private final C2dQueues c2d;
    private final MqttSessions mqttSessions;

    DeviceRuntimeState(C2dQueues c2d, MqttSessions mqttSessions) {
        this.c2d = c2d;
        this.mqttSessions = mqttSessions;
    }

    @Override
    public Device apply(Device stored) {
        ConnectionState state = mqttSessions.isConnected(stored.deviceId()) ? ConnectionState.CONNECTED
                : ConnectionState.DISCONNECTED;
        return stored.withCloudToDeviceMessageCount(c2d.depth(stored.deviceId()))
                .withConnection(state, null, null);
    }
}
