package io.roost.registry.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ConnectionStringsTest {

    private static final SharedAccessPolicy OWNER = SharedAccessPolicy.generate("iothubowner",
            EnumSet.allOf(Permission.class));

    @Test
    void forDevice_whenHostNameHasNoDot_thenVirtualHostAndGateway() {
        ConnectionStrings cs = new ConnectionStrings("localhost", "roost");
        assertThat(cs.forDevice("dev1", "KEY"))
                .isEqualTo("HostName=roost.localhost;DeviceId=dev1;SharedAccessKey=KEY;GatewayHostName=localhost");
        assertThat(cs.deviceHostName()).isEqualTo("roost.localhost");
    }

    @Test
    void forPolicy_whenHostNameHasNoDot_thenRealHostWithoutGateway() {
        ConnectionStrings cs = new ConnectionStrings("localhost", "roost");
        assertThat(cs.forPolicy(OWNER)).isEqualTo("HostName=localhost;SharedAccessKeyName=iothubowner;SharedAccessKey="
                + OWNER.primaryKey());
    }

    @Test
    void acceptedHosts_whenHostNameHasNoDot_thenBothFormsLowerCase() {
        assertThat(new ConnectionStrings("LocalHost", "roost").acceptedHosts())
                .containsExactly("localhost", "roost.localhost");
    }

    @Test
    void forDevice_whenHostNameIsDnsName_thenPlainHostNameEverywhere() {
        ConnectionStrings cs = new ConnectionStrings("iot.example.com", "iot");
        assertThat(cs.forDevice("d", "K")).isEqualTo("HostName=iot.example.com;DeviceId=d;SharedAccessKey=K");
        assertThat(cs.forPolicy(OWNER)).startsWith("HostName=iot.example.com;");
        assertThat(cs.acceptedHosts()).containsExactly("iot.example.com");
    }
}
