package io.roost.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class MqttOperationsLogTest {

    @Test
    void line_whenOverWebSocket_thenProtocolSaysSo() throws Exception {
        assertThat(MqttOperationsLog.WEBSOCKET.line("Connections", "DEVICE_CONNECT", "dev1",
                new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 443), null))
                .isEqualTo("category=Connections operation=DEVICE_CONNECT protocol=mqtt-ws deviceId=dev1 auth=sas "
                        + "remote=10.1.2.x reason=-");
    }
}
