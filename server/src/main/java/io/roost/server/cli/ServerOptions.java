package io.roost.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The keys ({@link HubOptions}) and the address of a running server. With {@code --data-dir} the
 * address is the {@code http} listener in {@code {data-dir}/endpoints.json}, which the server
 * writes once it is bound; with {@code --connection-string} it is {@code --url} (default
 * {@value #DEFAULT_URL}). An explicit {@code --url} always wins. Not thread-safe.
 */
final class ServerOptions {

    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Mixin
    HubOptions hub = new HubOptions();

    @Option(names = "--url", paramLabel = "URL",
            description = "the server's plain http address (default: from {data-dir}/endpoints.json, or "
                    + DEFAULT_URL + " with --connection-string)")
    String url;

    /** A client signed with the default policy of the keys, at the server's address. */
    RegistryClient client(Clock clock) {
        HubKeys keys = hub.keys();
        return new RegistryClient(serverUrl(), keys, clock);
    }

    HubKeys keys() {
        return hub.keys();
    }

    URI serverUrl() {
        if (url != null) {
            return parseUrl(url);
        }
        Path dataDir = hub.dataDirOrNull();
        return dataDir == null ? URI.create(DEFAULT_URL) : fromEndpoints(dataDir);
    }

    private URI parseUrl(String text) {
        try {
            URI uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http address");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(),
                    "invalid --url '" + text + "': expected an address such as " + DEFAULT_URL);
        }
    }

    /** The {@code http} listener of a running server; a wildcard bind address is dialled on loopback. */
    static URI fromEndpoints(Path dataDir) {
        Path file = dataDir.resolve("endpoints.json");
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new CliException("no server is running on " + dataDir + " (" + file
                    + " is missing; start it with ./roost start, or pass --url)");
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
        for (JsonNode listener : root.path("listeners")) {
            if ("http".equals(listener.path("name").asText())) {
                return URI.create("http://" + dialable(listener.path("address").asText()) + ":"
                        + listener.path("port").asInt());
            }
        }
        throw new CliException("the server on " + dataDir + " has no plain http listener (see " + file
                + "); enable it or pass --url");
    }

    private static String dialable(String address) {
        if (address.isEmpty() || address.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (address.equals("::") || address.equals("0:0:0:0:0:0:0:0")) {
            return "[::1]";
        }
        return address.contains(":") ? "[" + address + "]" : address;
    }
}
