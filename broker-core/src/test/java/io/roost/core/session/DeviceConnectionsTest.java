package io.roost.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceConnectionsTest {

    private final DeviceConnections connections = new DeviceConnections();
    private final List<String> ended = new ArrayList<>();

    private DeviceConnections.Ending ending(String name) {
        return (deviceId, reason) -> ended.add(name + " " + deviceId + ": " + reason);
    }

    @Test
    void connected_whenTheDeviceConnectsAgainElsewhere_thenOnlyTheOlderConnectionEnds() {
        Object mqtt = new Object();
        Object amqp = new Object();
        connections.connected("dev1", mqtt, ending("mqtt"));
        connections.connected("dev2", new Object(), ending("other"));

        connections.connected("dev1", amqp, ending("amqp"));

        assertThat(ended).containsExactly("mqtt dev1: " + DeviceConnections.REPLACED);
        // The old connection's close must not forget the new one.
        connections.disconnected("dev1", mqtt);
        assertThat(connections.isConnected("dev1")).isTrue();
        connections.disconnected("dev1", amqp);
        assertThat(connections.isConnected("dev1")).isFalse();
    }

    @Test
    void connected_whenTheSameConnectionAgain_thenNothingEnds() {
        Object amqp = new Object();
        connections.connected("dev1", amqp, ending("amqp"));
        connections.connected("dev1", amqp, ending("amqp"));

        assertThat(ended).isEmpty();
        assertThat(connections.isConnected("dev1")).isTrue();
    }
}
