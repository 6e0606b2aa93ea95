package io.roost.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roost.bench.mqtt.LoadOptions.Auth;
import io.roost.bench.mqtt.LoadOptions.UsageException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    void parse_whenNoArguments_thenDefaults() {
        LoadOptions o = LoadOptions.parse();

        assertThat(o.host()).isEqualTo("127.0.0.1");
        assertThat(o.port()).isEqualTo(1883);
        assertThat(o.devices()).isEqualTo(10);
        assertThat(o.deviceId(3)).isEqualTo("load-3");
        assertThat(o.qos()).isEqualTo(1);
        assertThat(o.payloadBytes()).isEqualTo(200);
        assertThat(o.window()).isEqualTo(50);
        assertThat(o.rate()).isZero();
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.auth()).isEqualTo(Auth.NONE);
        assertThat(o.serverPid()).isZero();
        assertThat(o.tls()).isFalse();
    }

    @Test
    void parse_whenEveryOption_thenEachTaken() {
        LoadOptions o = LoadOptions.parse("--host", "localhost", "--port", "18830", "--devices", "1000",
                "--device-prefix", "d_", "--qos", "0", "--payload", "4096", "--window", "10", "--rate", "50_000",
                "--duration", "2m", "--warmup", "500ms", "--connect-concurrency", "1", "--connect-timeout", "3s",
                "--ack-timeout", "1h", "--keep-alive", "0", "--threads", "1", "--auth", "roost",
                "--service-connection-string", "HostName=h;SharedAccessKeyName=p;SharedAccessKey=k",
                "--http", "http://127.0.0.1:18080/", "--server-pid", "42", "--quiet");

        assertThat(o.port()).isEqualTo(18830);
        assertThat(o.deviceId(999)).isEqualTo("d_999");
        assertThat(o.qos()).isZero();
        assertThat(o.rate()).isEqualTo(50_000);
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.ackTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(o.keepAlive()).isZero();
        assertThat(o.auth()).isEqualTo(Auth.ROOST);
        assertThat(o.http()).hasToString("http://127.0.0.1:18080");
        assertThat(o.serverPid()).isEqualTo(42);
        assertThat(o.quiet()).isTrue();
    }

    @Test
    void parse_whenTls_thenPort8883ByDefault() {
        assertThat(LoadOptions.parse("--tls").port()).isEqualTo(8883);
    }

    @Test
    void parse_whenHelp_thenNull() {
        assertThat(LoadOptions.parse("--devices", "5", "--help")).isNull();
    }

    @Test
    void parse_whenBadValues_thenOneLineNamingTheOption() {
        assertError("unknown option --device", "--device", "5");
        assertError("--devices needs a value", "--devices");
        assertError("--devices needs a value", "--devices", "--qos", "1");
        assertError("--devices must be a whole number", "--devices", "ten");
        assertError("--devices must be 1 to 100000, not 0", "--devices", "0");
        assertError("--qos must be 0 or 1, not 2", "--qos", "2");
        assertError("--window must be 1 to 32768", "--window", "40000");
        assertError("--port must be 1 to 65535", "--port", "70000");
        assertError("--payload must be 0 to", "--payload", "-1");
        assertError("--rate must be a whole number", "--rate", "1.5");
        assertError("--duration must be a whole number and ms, s, m or h", "--duration", "30");
        assertError("--duration must be more than 0", "--duration", "0s");
        assertError("--warmup must be a whole number and ms, s, m or h", "--warmup", "5 s");
        assertError("--keep-alive must be 0 or whole seconds", "--keep-alive", "500ms");
        assertError("--auth must be none or roost", "--auth", "sas");
        assertError("--auth roost needs --service-connection-string", "--auth", "roost");
        assertError("--service-connection-string and --http need --auth roost", "--http", "http://x:1");
        assertError("--http must be http://host:port", "--auth", "roost", "--service-connection-string", "x",
                "--http", "ftp://x");
        assertError("--ca-file needs --tls", "--ca-file", "ca.pem");
        assertError("--ca-file: cannot read", "--tls", "--ca-file", "/no/such/ca.pem");
        assertError("--device-prefix may use only", "--device-prefix", "a/b");
        assertError("--device-prefix may use only", "--device-prefix", "dev#");
        assertError("--qos is given twice", "--qos", "1", "--qos", "0");
        assertError("--threads must be 1 to 16", "--threads", "0");
    }

    @Test
    void parseDuration_whenUnits_thenDurations() {
        assertThat(LoadOptions.parseDuration("x", "0")).isZero();
        assertThat(LoadOptions.parseDuration("x", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(LoadOptions.parseDuration("x", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(LoadOptions.parseDuration("x", "3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(LoadOptions.parseDuration("x", "2h")).isEqualTo(Duration.ofHours(2));
    }

    private static void assertError(String message, String... args) {
        assertThatThrownBy(() -> LoadOptions.parse(args))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(message);
    }
}
