package io.roost.core.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class OperationsLineTest {

    @Test
    void masked_whenIpv4_thenLastOctetHidden() throws Exception {
        assertThat(OperationsLine.masked(new InetSocketAddress(InetAddress.getByName("192.168.17.42"), 5000)))
                .isEqualTo("192.168.17.x");
    }

    @Test
    void masked_whenIpv6_thenOnlyTheFirstThreeGroupsKept() throws Exception {
        assertThat(OperationsLine.masked(new InetSocketAddress(InetAddress.getByName("2001:db8:85a3::8a2e:370:7334"), 5000)))
                .isEqualTo("2001:db8:85a3:x");
    }

    @Test
    void line_whenReasonHasQuotes_thenQuotedAndEscaped() {
        assertThat(OperationsLine.line("Connections", "AUTH_FAILED", "mqtt", "dev 1", null, "bad \"token\""))
                .isEqualTo("category=Connections operation=AUTH_FAILED protocol=mqtt deviceId=\"dev 1\" auth=sas remote=- "
                        + "reason=\"bad \\\"token\\\"\"");
    }
}
