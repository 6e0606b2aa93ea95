package io.roost.server.cli;

import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the CLI's end-to-end tests share: a server configuration with only the HTTP listener, on an
 * ephemeral loopback port (the CLI finds it through {@code endpoints.json}), and the command line
 * pointed at the server's data directory. Stateless.
 */
final class HttpOnlyServer {

    private static final Map<String, String> HTTP_ONLY = Map.of(
            "ROOST_LISTENERS_HTTP_PORT", "0", "ROOST_LISTENERS_HTTPS_ENABLED", "false",
            "ROOST_LISTENERS_MQTT_ENABLED", "false", "ROOST_LISTENERS_MQTTS_ENABLED", "false",
            "ROOST_LISTENERS_AMQP_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false");

    private HttpOnlyServer() {
    }

    static ServerConfig config() {
        return config(Map.of());
    }

    /** @param moreEnvironment further {@code ROOST_*} variables, as the environment would give them */
    static ServerConfig config(Map<String, String> moreEnvironment) {
        Map<String, String> environment = new HashMap<>(HTTP_ONLY);
        environment.putAll(moreEnvironment);
        return ConfigLoader.load(Optional.empty(), environment, Map.of());
    }

    /** {@code args} followed by {@code --data-dir dataDir}. */
    static String[] withDataDir(Path dataDir, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        return all;
    }
}
