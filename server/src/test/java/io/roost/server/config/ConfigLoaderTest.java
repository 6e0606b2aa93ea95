package io.roost.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roost.core.throttle.ThrottleSettings;
import io.roost.server.config.ConfigLoader.RawFlag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void load_whenNothingGiven_thenDefaults() {
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());

        assertThat(config.hostName()).isEqualTo("localhost");
        assertThat(config.d2c()).isEqualTo(D2cConfig.of(4, 1, 262144));
        assertThat(config.c2d()).isEqualTo(new C2dConfig(50, Duration.ofHours(1), 10, Duration.ofSeconds(60)));
        assertThat(config.listener(ListenerName.MQTTS)).isEqualTo(new ListenerConfig(ListenerName.MQTTS, 8883, "0.0.0.0", true, false));
        assertThat(config.listener(ListenerName.MQTT)).isEqualTo(new ListenerConfig(ListenerName.MQTT, 1883, "127.0.0.1", true, false));
        assertThat(config.listener(ListenerName.AMQPS)).isEqualTo(new ListenerConfig(ListenerName.AMQPS, 5671, "0.0.0.0", true, false));
        assertThat(config.listener(ListenerName.AMQP)).isEqualTo(new ListenerConfig(ListenerName.AMQP, 5672, "127.0.0.1", true, false));
        assertThat(config.listener(ListenerName.HTTPS)).isEqualTo(new ListenerConfig(ListenerName.HTTPS, 443, "0.0.0.0", true, false));
        assertThat(config.listener(ListenerName.HTTP)).isEqualTo(new ListenerConfig(ListenerName.HTTP, 8080, "127.0.0.1", true, false));
        assertThat(config.throttle()).isEqualTo(new ThrottleSettings(0, 0, 0, 600, Duration.ofSeconds(60), 0));
    }

    @Test
    void load_whenNestedYaml_thenOverridesDefaults() throws IOException {
        Path yaml = yaml("""
                hostName: hub.example.com
                d2c:
                  partitions: 8
                  retentionDays: 7
                c2d:
                  maxQueueDepth: 5000
                  defaultTtl: PT48H
                  maxDeliveryCount: 1
                  lockTimeout: PT5M
                listeners:
                  http:
                    port: 9090
                    bindAddress: 0.0.0.0
                  mqtt:
                    enabled: false
                """);

        ServerConfig config = ConfigLoader.load(Optional.of(yaml), Map.of(), Map.of());

        assertThat(config.hostName()).isEqualTo("hub.example.com");
        assertThat(config.d2c()).isEqualTo(D2cConfig.of(8, 7, 262144));
        assertThat(config.c2d()).isEqualTo(new C2dConfig(5000, Duration.ofHours(48), 1, Duration.ofMinutes(5)));
        assertThat(config.listener(ListenerName.HTTP)).isEqualTo(new ListenerConfig(ListenerName.HTTP, 9090, "0.0.0.0", true, true));
        assertThat(config.listener(ListenerName.MQTT).enabled()).isFalse();
        assertThat(config.enabledListeners()).extracting(ListenerConfig::name).doesNotContain(ListenerName.MQTT);
    }

    @Test
    void load_whenDottedYamlKeys_thenSameAsNested() throws IOException {
        Path yaml = yaml("d2c.partitions: 16\nlisteners.http.port: 0\n");

        ServerConfig config = ConfigLoader.load(Optional.of(yaml), Map.of(), Map.of());

        assertThat(config.d2c().partitions()).isEqualTo(16);
        assertThat(config.listener(ListenerName.HTTP).port()).isZero();
    }

    @Test
    void load_whenYamlEnvironmentAndFlag_thenFlagWinsOverEnvironmentOverYaml() throws IOException {
        Path yaml = yaml("hostName: from-yaml\nd2c:\n  partitions: 8\nlisteners:\n  http:\n    port: 1111\n");
        Map<String, String> env = Map.of(
                "ROOST_HOSTNAME", "from-env",
                "ROOST_LISTENERS_HTTP_PORT", "2222",
                "ROOST_JAVA_OPTS", "-Xmx1g",
                "PATH", "/usr/bin");
        Map<String, RawFlag> flags = Map.of("listeners.http.port", new RawFlag("--http-port", "3333"));

        ServerConfig config = ConfigLoader.load(Optional.of(yaml), env, flags);

        assertThat(config.hostName()).isEqualTo("from-env");
        assertThat(config.d2c().partitions()).isEqualTo(8);
        assertThat(config.listener(ListenerName.HTTP).port()).isEqualTo(3333);
    }

    @Test
    void environmentVariable_whenKey_thenUpperCaseWithUnderscores() {
        assertThat(ConfigKeys.environmentVariable("hostName")).isEqualTo("ROOST_HOSTNAME");
        assertThat(ConfigKeys.environmentVariable("d2c.maxMessageBytes")).isEqualTo("ROOST_D2C_MAXMESSAGEBYTES");
        assertThat(ConfigKeys.environmentVariable("listeners.https.bindAddress")).isEqualTo("ROOST_LISTENERS_HTTPS_BINDADDRESS");
        assertThat(ConfigKeys.environmentVariable("c2d.maxQueueDepth")).isEqualTo("ROOST_C2D_MAXQUEUEDEPTH");
    }

    @Test
    void load_whenC2dKeysFromEnvironment_thenApplied() {
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of("ROOST_C2D_MAXQUEUEDEPTH", "1",
                "ROOST_C2D_DEFAULTTTL", "pt1s", "ROOST_C2D_MAXDELIVERYCOUNT", "100", "ROOST_C2D_LOCKTIMEOUT", "PT5S"), Map.of());

        assertThat(config.c2d()).isEqualTo(new C2dConfig(1, Duration.ofSeconds(1), 100, Duration.ofSeconds(5)));
    }

    @Test
    void load_whenThrottleKeysNestedInYaml_thenApplied() throws IOException {
        Path yaml = yaml("throttle:\n  d2c:\n    deviceMessagesPerSecond: 50\n    hubMessagesPerSecond: 1000\n"
                + "  disconnectAfter: PT5M\n  registry:\n    policyRequestsPerSecond: 20\n");

        ServerConfig config = ConfigLoader.load(Optional.of(yaml), Map.of(), Map.of());

        assertThat(config.throttle()).isEqualTo(new ThrottleSettings(50, 0, 1000, 600, Duration.ofMinutes(5), 20));
    }

    @Test
    void load_whenThrottleKeysFromEnvironment_thenApplied() {
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of(
                "ROOST_THROTTLE_D2C_DEVICEMESSAGESPERSECOND", "100", "ROOST_THROTTLE_D2C_DEVICEBURST", "20",
                "ROOST_THROTTLE_D2C_HUBMESSAGESPERSECOND", "5000", "ROOST_THROTTLE_CONNECTS_DEVICEPERMINUTE", "0",
                "ROOST_THROTTLE_DISCONNECTAFTER", "PT0S", "ROOST_THROTTLE_REGISTRY_POLICYREQUESTSPERSECOND", "7"), Map.of());

        assertThat(config.throttle()).isEqualTo(new ThrottleSettings(100, 20, 5000, 0, Duration.ZERO, 7));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ROOST_D2C_PARTITIONS      | 40    | d2c.partitions must be between 2 and 32, was 40 (from environment variable ROOST_D2C_PARTITIONS)",
        "ROOST_D2C_PARTITIONS      | 1     | d2c.partitions must be between 2 and 32, was 1",
        "ROOST_D2C_PARTITIONS      | four  | d2c.partitions must be an integer between 2 and 32, was four",
        "ROOST_D2C_RETENTIONDAYS   | 8     | d2c.retentionDays must be between 1 and 7, was 8",
        "ROOST_D2C_RETENTIONDAYS   | 0     | d2c.retentionDays must be between 1 and 7, was 0",
        "ROOST_D2C_MAXMESSAGEBYTES | 0     | d2c.maxMessageBytes must be between 1 and 16777216, was 0",
        "ROOST_D2C_MAXLINGERMILLIS | 5000  | d2c.maxLingerMillis must be between 0 and 1000, was 5000",
        "ROOST_D2C_BATCHMAXBYTES   | 100   | d2c.batchMaxBytes must be between 4096 and 67108864, was 100",
        "ROOST_D2C_APPENDQUEUECAPACITY | 0 | d2c.appendQueueCapacity must be between 1 and 16777216, was 0",
        "ROOST_D2C_MAXPARTITIONMEGABYTES | 10 | d2c.maxPartitionMegabytes must be between 64 and 2147483647, was 10",
        "ROOST_LISTENERS_HTTP_PORT | 65536 | listeners.http.port must be between 0 and 65535, was 65536",
        "ROOST_LISTENERS_MQTT_PORT | -1    | listeners.mqtt.port must be between 0 and 65535, was -1",
        "ROOST_LISTENERS_HTTP_BINDADDRESS | localhost | listeners.http.bindAddress must be an IP address such as 127.0.0.1 or 0.0.0.0, was localhost",
        "ROOST_LISTENERS_HTTP_BINDADDRESS | 300.1.1.1 | listeners.http.bindAddress must be an IP address such as 127.0.0.1 or 0.0.0.0, was 300.1.1.1",
        "ROOST_LISTENERS_AMQP_ENABLED | yes | listeners.amqp.enabled must be true or false, was yes",
        "ROOST_C2D_MAXQUEUEDEPTH   | 5001  | c2d.maxQueueDepth must be between 1 and 5000, was 5001 (from environment variable ROOST_C2D_MAXQUEUEDEPTH)",
        "ROOST_C2D_MAXQUEUEDEPTH   | 0     | c2d.maxQueueDepth must be between 1 and 5000, was 0",
        "ROOST_C2D_DEFAULTTTL      | 1h    | c2d.defaultTtl must be an ISO-8601 duration from PT1S to PT48H such as PT1H, was 1h (from environment variable ROOST_C2D_DEFAULTTTL)",
        "ROOST_C2D_DEFAULTTTL      | PT49H | c2d.defaultTtl must be an ISO-8601 duration from PT1S to PT48H such as PT1H, was PT49H",
        "ROOST_C2D_DEFAULTTTL      | PT0.5S | c2d.defaultTtl must be an ISO-8601 duration from PT1S to PT48H such as PT1H, was PT0.5S",
        "ROOST_C2D_DEFAULTTTL      | -PT1H | c2d.defaultTtl must be an ISO-8601 duration from PT1S to PT48H such as PT1H, was -PT1H",
        "ROOST_C2D_MAXDELIVERYCOUNT | 101  | c2d.maxDeliveryCount must be between 1 and 100, was 101",
        "ROOST_C2D_MAXDELIVERYCOUNT | 0    | c2d.maxDeliveryCount must be between 1 and 100, was 0",
        "ROOST_C2D_LOCKTIMEOUT     | PT4S  | c2d.lockTimeout must be an ISO-8601 duration from PT5S to PT5M such as PT1M, was PT4S",
        "ROOST_THROTTLE_D2C_DEVICEMESSAGESPERSECOND | -1 | throttle.d2c.deviceMessagesPerSecond must be between 0 and 10000000, was -1",
        "ROOST_THROTTLE_D2C_DEVICEBURST | many | throttle.d2c.deviceBurst must be an integer between 0 and 10000000, was many",
        "ROOST_THROTTLE_D2C_HUBMESSAGESPERSECOND | 10000001 | throttle.d2c.hubMessagesPerSecond must be between 0 and 10000000, was 10000001",
        "ROOST_THROTTLE_CONNECTS_DEVICEPERMINUTE | -5 | throttle.connects.devicePerMinute must be between 0 and 10000000, was -5",
        "ROOST_THROTTLE_DISCONNECTAFTER | 30s | throttle.disconnectAfter must be an ISO-8601 duration from PT0S to PT24H such as PT1M, was 30s",
        "ROOST_THROTTLE_DISCONNECTAFTER | PT25H | throttle.disconnectAfter must be an ISO-8601 duration from PT0S to PT24H such as PT1M, was PT25H",
        "ROOST_THROTTLE_REGISTRY_POLICYREQUESTSPERSECOND | 1.5 | throttle.registry.policyRequestsPerSecond must be an integer between 0 and 10000000, was 1.5",
        "ROOST_HOSTNAME            | my hub | hostName must be a DNS name (letters, digits, '-' and '.'), was my hub",
    })
    void load_whenInvalidValue_thenOneLineNamingKeyAndAllowedValues(String variable, String value, String message) {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(variable, value), Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n");
    }

    @Test
    void load_whenInvalidFlag_thenNamesTheFlag() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(),
                Map.of("listeners.http.port", new RawFlag("--http-port", "abc"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("listeners.http.port must be an integer between 0 and 65535, was abc (from --http-port)");
    }

    @Test
    void load_whenIpv6BindAddress_thenAccepted() {
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of("ROOST_LISTENERS_HTTP_BINDADDRESS", "::1"), Map.of());

        assertThat(config.listener(ListenerName.HTTP).bindAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void load_whenUnknownYamlKey_thenErrorNamesIt() throws IOException {
        Path yaml = yaml("d2c:\n  partition: 4\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml), Map.of(), Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("unknown key d2c.partition in " + yaml);
    }

    @Test
    void load_whenInvalidYamlValue_thenErrorNamesTheFile() throws IOException {
        Path yaml = yaml("d2c:\n  partitions: 40\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml), Map.of(), Map.of()))
                .hasMessage("d2c.partitions must be between 2 and 32, was 40 (from " + yaml + ")");
    }

    @Test
    void load_whenKeySetTwice_thenError() throws IOException {
        Path yaml = yaml("d2c:\n  partitions: 4\nd2c.partitions: 5\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml), Map.of(), Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("d2c.partitions is set twice");
    }

    @Test
    void load_whenListValue_thenError() throws IOException {
        Path yaml = yaml("hostName:\n  - a\n  - b\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml), Map.of(), Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("hostName must be a single value");
    }

    @Test
    void load_whenYamlMalformed_thenErrorWithLine() throws IOException {
        Path yaml = yaml("d2c:\n  partitions: [4\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(yaml), Map.of(), Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("cannot parse " + yaml);
    }

    @Test
    void load_whenYamlMissing_thenError() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(missing), Map.of(), Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("config file " + missing + " does not exist");
    }

    @Test
    void load_whenYamlEmpty_thenDefaults() throws IOException {
        assertThat(ConfigLoader.load(Optional.of(yaml("")), Map.of(), Map.of()).d2c().partitions()).isEqualTo(4);
    }

    @Test
    void load_whenBothTlsFilesGiven_thenOwnCertificate() {
        ServerConfig config = ConfigLoader.load(Optional.empty(),
                Map.of("ROOST_TLS_CERTIFICATEFILE", "/etc/roost/chain.pem", "ROOST_TLS_PRIVATEKEYFILE", "/etc/roost/key.pem"), Map.of());

        assertThat(config.tls()).isEqualTo(new TlsConfig(Optional.of(Path.of("/etc/roost/chain.pem")), Optional.of(Path.of("/etc/roost/key.pem"))));
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).tls()).isEqualTo(TlsConfig.GENERATED);
    }

    @Test
    void load_whenOnlyOneTlsFileGiven_thenOneLineNamingBoth() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("ROOST_TLS_CERTIFICATEFILE", "/x.pem"), Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("tls.certificateFile and tls.privateKeyFile must be set together, but only tls.certificateFile"
                        + " was (from environment variable ROOST_TLS_CERTIFICATEFILE)");
    }

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("roost.yaml"), text);
    }
}
