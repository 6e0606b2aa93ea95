package io.roost.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roost.core.ipfilter.IpFilterRule;
import io.roost.core.ipfilter.IpFilterRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpFilterConfigTest {

    @TempDir
    Path dir;

    @Test
    void load_whenYamlListOfMappingsAndStrings_thenRulesInOrder() throws IOException {
        Path yaml = yaml("""
                ipFilter:
                  rules:
                    - {name: block-lab, action: reject, cidr: 127.0.0.2/32}
                    - name: office
                      action: accept
                      cidr: 10.0.0.0/8
                    - lab6:reject:fd00::/8
                """);

        IpFilterRules rules = ConfigLoader.load(Optional.of(yaml), Map.of(), Map.of()).ipFilterRules();

        assertThat(rules.list()).extracting(IpFilterRule::toString).containsExactly(
                "block-lab reject 127.0.0.2/32", "office accept 10.0.0.0/8", "lab6 reject fd00::/8");
    }

    @Test
    void load_whenNothingSet_thenEveryAddressAccepted() {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).ipFilterRules())
                .isEqualTo(IpFilterRules.ACCEPT_ALL);
    }

    @Test
    void load_whenEnvironmentVariable_thenCompactRulesOverrideTheFile() throws IOException {
        Path yaml = yaml("ipFilter.rules: [{name: a, action: accept, cidr: 10.0.0.0/8}]\n");

        IpFilterRules rules = ConfigLoader.load(Optional.of(yaml),
                Map.of("ROOST_IPFILTER_RULES", "block-lab:reject:127.0.0.2/32, v6:reject:2001:db8::/32"), Map.of())
                .ipFilterRules();

        assertThat(rules.list()).extracting(IpFilterRule::toString)
                .containsExactly("block-lab reject 127.0.0.2/32", "v6 reject 2001:db8::/32");
    }

    @Test
    void load_whenRuleInvalid_thenOneLineNamingTheKeyAndTheRule() throws IOException {
        Path yaml = yaml("""
                ipFilter:
                  rules:
                    - {name: ok, action: accept, cidr: 10.0.0.0/8}
                    - {name: typo, action: reject, cidr: 10.0.0.300/32}
                """);

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml), Map.of(), Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("ipFilter.rules rule 2 (typo): cidr 10.0.0.300/32")
                .hasMessageContaining(yaml.toString())
                .hasMessageNotContaining("\n");
    }

    @Test
    void load_whenRuleHasUnknownFieldOrBadShape_thenRefused() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml(
                "ipFilter.rules: [{name: a, action: reject, ipMask: 10.0.0.0/8}]\n")), Map.of(), Map.of()))
                .hasMessageContaining("ipFilter.rules rule 1 has an unknown field ipMask");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("ROOST_IPFILTER_RULES", "a-reject"), Map.of()))
                .hasMessageContaining("must be name:action:cidr").hasMessageContaining("ROOST_IPFILTER_RULES");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml(
                "ipFilter.rules: [{name: a, action: reject, cidr: '::/0'}, {name: a, action: accept, cidr: 10.0.0.0/8}]\n")),
                Map.of(), Map.of()))
                .hasMessageContaining("ipFilter.rules rule 2 (a)");
    }

    @Test
    void load_whenOtherKeyIsAList_thenStillRefused() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml("hostName: [a, b]\n")), Map.of(), Map.of()))
                .hasMessageContaining("hostName must be a single value");
        assertThat(List.of(ConfigKeys.LISTS.toArray())).containsExactly("ipFilter.rules");
    }

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("roost.yaml"), text);
    }
}
