package io.roost.server.cli;

import io.roost.server.config.ConfigLoader.RawFlag;
import io.roost.server.config.ListenerName;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --<listener>-port} and {@code --<listener>-bind} flags. Values stay text here so that
 * a bad one fails with the same message as in roost.yaml or the environment. Not thread-safe.
 */
final class ListenerOptions {

    @Option(names = "--mqtts-port", paramLabel = "PORT", description = "MQTT over TLS port (default 8883; 0 = any free port)")
    String mqttsPort;
    @Option(names = "--mqtts-bind", paramLabel = "IP", description = "MQTT over TLS bind address (default 0.0.0.0)")
    String mqttsBind;
    @Option(names = "--mqtt-port", paramLabel = "PORT", description = "plain MQTT port (default 1883)")
    String mqttPort;
    @Option(names = "--mqtt-bind", paramLabel = "IP", description = "plain MQTT bind address (default 127.0.0.1)")
    String mqttBind;
    @Option(names = "--amqps-port", paramLabel = "PORT", description = "AMQP over TLS port (default 5671)")
    String amqpsPort;
    @Option(names = "--amqps-bind", paramLabel = "IP", description = "AMQP over TLS bind address (default 0.0.0.0)")
    String amqpsBind;
    @Option(names = "--amqp-port", paramLabel = "PORT", description = "plain AMQP port (default 5672)")
    String amqpPort;
    @Option(names = "--amqp-bind", paramLabel = "IP", description = "plain AMQP bind address (default 127.0.0.1)")
    String amqpBind;
    @Option(names = "--https-port", paramLabel = "PORT", description = "HTTPS port (default 443)")
    String httpsPort;
    @Option(names = "--https-bind", paramLabel = "IP", description = "HTTPS bind address (default 0.0.0.0)")
    String httpsBind;
    @Option(names = "--http-port", paramLabel = "PORT", description = "plain HTTP port: health, metrics (default 8080)")
    String httpPort;
    @Option(names = "--http-bind", paramLabel = "IP", description = "plain HTTP bind address (default 127.0.0.1)")
    String httpBind;

    /** The flags given, by configuration key. */
    Map<String, RawFlag> byKey() {
        Map<String, RawFlag> flags = new LinkedHashMap<>();
        put(flags, ListenerName.MQTTS, mqttsPort, mqttsBind);
        put(flags, ListenerName.MQTT, mqttPort, mqttBind);
        put(flags, ListenerName.AMQPS, amqpsPort, amqpsBind);
        put(flags, ListenerName.AMQP, amqpPort, amqpBind);
        put(flags, ListenerName.HTTPS, httpsPort, httpsBind);
        put(flags, ListenerName.HTTP, httpPort, httpBind);
        return flags;
    }

    private static void put(Map<String, RawFlag> flags, ListenerName name, String port, String bind) {
        if (port != null) {
            flags.put(name.portKey(), new RawFlag("--" + name.key() + "-port", port));
        }
        if (bind != null) {
            flags.put(name.bindAddressKey(), new RawFlag("--" + name.key() + "-bind", bind));
        }
    }
}
