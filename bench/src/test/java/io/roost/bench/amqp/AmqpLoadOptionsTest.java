package io.roost.bench.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roost.bench.mqtt.LoadOptions;
import io.roost.bench.mqtt.LoadOptions.UsageException;
import org.junit.jupiter.api.Test;

/** The AMQP load's command line: MqttLoad's options, port 5672 by default, and what AMQP cannot do refused. */
class AmqpLoadOptionsTest {

    private static final String SERVICE = "HostName=hub.example;SharedAccessKeyName=registryReadWrite;SharedAccessKey=a2V5";

    @Test
    void parse_whenOnlyAuth_thenAmqpPortAndMqttLoadsOtherDefaults() {
        LoadOptions o = AmqpLoad.parse("--auth", "roost", "--service-connection-string", SERVICE);

        assertThat(o.port()).isEqualTo(5672);
        assertThat(o.window()).isEqualTo(50);
        assertThat(o.devices()).isEqualTo(10);
    }

    @Test
    void parse_whenPortGiven_thenThatPort() {
        assertThat(AmqpLoad.parse("--auth", "roost", "--service-connection-string", SERVICE, "--port", "15672").port()).isEqualTo(15672);
    }

    @Test
    void parse_whenWhatAmqpLoadCannotDo_thenUsageErrorsNamingTheOption() {
        assertThatThrownBy(() -> AmqpLoad.parse("--auth", "roost", "--service-connection-string", SERVICE, "--tls")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--tls");
        assertThatThrownBy(() -> AmqpLoad.parse("--auth", "roost", "--service-connection-string", SERVICE, "--qos", "0")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--qos");
        assertThatThrownBy(() -> AmqpLoad.parse("--auth", "roost", "--service-connection-string", SERVICE, "--rate", "100")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> AmqpLoad.parse()).isInstanceOf(UsageException.class).hasMessageContaining("--auth roost");
    }

    @Test
    void parse_whenHelp_thenNull() {
        assertThat(AmqpLoad.parse("--help")).isNull();
    }
}
