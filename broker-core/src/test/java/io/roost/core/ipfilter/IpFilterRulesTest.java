package io.roost.core.ipfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpFilterRulesTest {

    @Test
    void contains_whenIpv4Block_thenMatchesOnlyAddressesInsideThePrefix() {
        CidrBlock block = CidrBlock.parse("10.1.0.0/16");

        assertThat(block.contains(ip("10.1.255.7"))).isTrue();
        assertThat(block.contains(ip("10.2.0.1"))).isFalse();
        assertThat(CidrBlock.parse("192.168.1.128/25").contains(ip("192.168.1.127"))).isFalse();
        assertThat(CidrBlock.parse("192.168.1.128/25").contains(ip("192.168.1.200"))).isTrue();
        assertThat(CidrBlock.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(CidrBlock.parse("127.0.0.2").contains(ip("127.0.0.2"))).isTrue();
        assertThat(CidrBlock.parse("127.0.0.2").contains(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void contains_whenIpv6Block_thenMatchesIpv6AndNeverIpv4() {
        CidrBlock block = CidrBlock.parse("2001:db8::/32");

        assertThat(block.contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(block.contains(ip("2001:db9::1"))).isFalse();
        assertThat(block.contains(ip("10.0.0.1"))).isFalse();
        assertThat(CidrBlock.parse("::/0").contains(ip("::1"))).isTrue();
        assertThat(CidrBlock.parse("::/0").contains(ip("10.0.0.1"))).isFalse();
        assertThat(block).hasToString("2001:db8::/32");
    }

    @Test
    void contains_whenIpv4MappedAddressOrBlock_thenTreatedAsIpv4() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[15] = 2;
        // Java normally turns ::ffff:a.b.c.d into an Inet4Address; an Inet6Address of it must match too.
        InetAddress mappedV6 = java.net.Inet6Address.getByAddress(null, mapped, -1);

        assertThat(CidrBlock.parse("127.0.0.2/32").contains(mappedV6)).isTrue();
        CidrBlock mappedBlock = CidrBlock.parse("::ffff:10.0.0.0/104");
        assertThat(mappedBlock).isEqualTo(CidrBlock.parse("10.0.0.0/8"));
        assertThat(mappedBlock.contains(ip("10.9.9.9"))).isTrue();
        assertThat(mappedBlock.isIpv4()).isTrue();
    }

    @Test
    void firstMatch_whenRulesOverlap_thenTheFirstRuleDecides() {
        IpFilterRules rules = IpFilterRules.of(List.of(
                IpFilterRule.of("allow-one", "accept", "10.0.0.5/32"),
                IpFilterRule.of("block-ten", "reject", "10.0.0.0/8"),
                IpFilterRule.of("allow-ten", "accept", "10.0.0.0/8")));

        assertThat(rules.rejecting(ip("10.0.0.5"))).isNull();
        assertThat(rules.firstMatch(ip("10.0.0.5")).name()).isEqualTo("allow-one");
        assertThat(rules.rejecting(ip("10.0.0.6")).name()).isEqualTo("block-ten");
    }

    @Test
    void rejecting_whenNoRuleMatches_thenAcceptedByDefault() {
        IpFilterRules rules = IpFilterRules.of(List.of(IpFilterRule.of("block-lab", "REJECT", "127.0.0.2/32")));

        assertThat(rules.rejecting(ip("127.0.0.1"))).isNull();
        assertThat(rules.firstMatch(ip("::1"))).isNull();
        assertThat(IpFilterRules.ACCEPT_ALL.rejecting(ip("127.0.0.2"))).isNull();
        assertThat(rules.rejecting(ip("127.0.0.2"))).hasToString("block-lab reject 127.0.0.2/32");
    }

    @Test
    void parse_whenCidrIsBad_thenRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.300/8")).hasMessageContaining("not an IPv4 or IPv6");
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/33")).hasMessageContaining("prefix length from 0 to 32");
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/-1")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> CidrBlock.parse("2001:db8::/129")).hasMessageContaining("0 to 128");
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.1/8")).hasMessageContaining("did you mean 10.0.0.0/8");
        assertThatThrownBy(() -> CidrBlock.parse("::ffff:10.0.0.0/8")).hasMessageContaining("96 to 128");
        assertThatThrownBy(() -> CidrBlock.parse("")).hasMessageContaining("missing");
        assertThatThrownBy(() -> CidrBlock.parse("10.1.2")).hasMessageContaining("not an IPv4 or IPv6");
        assertThatThrownBy(() -> CidrBlock.parse("1:2:3:4:5:6:7:8:9")).hasMessageContaining("not an IPv4 or IPv6");
    }

    @Test
    void parse_whenHostName_thenRefusedWithoutAskingDns() {
        // A resolver would answer "localhost"; a filter rule must never depend on one.
        assertThatThrownBy(() -> CidrBlock.parse("localhost/32")).hasMessageContaining("not an IPv4 or IPv6");
        assertThatThrownBy(() -> CidrBlock.parse("example.com")).hasMessageContaining("not an IPv4 or IPv6");
    }

    @Test
    void of_whenNamesRepeatOrAreBad_thenRefusedNamingTheRule() {
        assertThatThrownBy(() -> IpFilterRules.of(List.of(IpFilterRule.of("a", "accept", "10.0.0.0/8"),
                IpFilterRule.of("a", "reject", "::/0")))).hasMessageContaining("rule 2 (a)");
        assertThatThrownBy(() -> IpFilterRule.of("bad name", "reject", "::/0")).hasMessageContaining("name must be");
        assertThatThrownBy(() -> IpFilterRule.of("x", "deny", "::/0")).hasMessageContaining("accept or reject");
    }

    @Test
    void withAndWithout_whenEditing_thenOrderIsKept() {
        IpFilterRules rules = IpFilterRules.of(List.of(IpFilterRule.of("b", "reject", "10.0.0.0/8")))
                .with(IpFilterRule.of("a", "accept", "10.0.0.1/32"), 0)
                .with(IpFilterRule.of("c", "reject", "::/0"), 2);

        assertThat(rules.list()).extracting(IpFilterRule::name).containsExactly("a", "b", "c");
        assertThat(rules.without("b").list()).extracting(IpFilterRule::name).containsExactly("a", "c");
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
