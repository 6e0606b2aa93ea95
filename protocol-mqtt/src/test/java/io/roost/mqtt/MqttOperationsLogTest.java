package io.roost.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class MqttOperationsLogTest {

    @Test
    void masked_whenIpv4_thenLastOctetHidden() throws Exception {
        assertThat(MqttOperationsLog.masked(new InetSocketAddress(InetAddress.getByName("192.168.17.42"), 5000)))
                .isEqualTo("192.168.17.x");
    }

    @Test
    void masked_whenIpv6_thenOnlyTheFirstThreeGroupsKept() throws Exception {
        assertThat(MqttOperationsLog.masked(new InetSocketAddress(InetAddress.getByName("2001:db8:85a3::8a2e:370:7334"), 5000)))
                .isEqualTo("2001:db8:85a3:x");
    }

    @Test
    void line_whenReasonHasQuotes_thenQuotedAndEscaped() {
        assertThat(MqttOperationsLog.TCP.line("Connections", "AUTH_FAILED", "dev 1", null, "bad \"token\""))
                .isEqualTo("category=Connections operation=AUTH_FAILED protocol=mqtt deviceId=\"dev 1\" auth=sas remote=- "
                        + "reason=\"bad \\\"token\\\"\"");
    }

    @Test
    void line_whenOverWebSocket_thenProtocolSaysSo() throws Exception {
        assertThat(MqttOperationsLog.WEBSOCKET.line("Connections", "DEVICE_CONNECT", "dev1",
                new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 443), null))
                .isEqualTo("category=Connections operation=DEVICE_CONNECT protocol=mqtt-ws deviceId=dev1 auth=sas "
                        + "remote=10.1.2.x reason=-");
    }
}
