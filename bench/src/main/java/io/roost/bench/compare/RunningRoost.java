package io.roost.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roost.registry.policy.HubIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Roost server started by {@link RoostPeer}: its ports (from {@code endpoints.json}), its hub's
 * connection strings, its CA, and the process. Thread-safe after {@link #awaitHealthy}.
 */
public final class RunningRoost implements RunningPeer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChildProcess child;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Map<String, Integer> ports = Map.of();

    RunningRoost(ChildProcess child, Path dataDir) {
        this.child = child;
        this.dataDir = dataDir;
    }

    /**
     * Waits for {@code endpoints.json} and then {@code /health} 200.
     *
     * @throws IOException when the server exits or is not healthy within {@code timeout}
     */
    public void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path endpoints = dataDir.resolve("endpoints.json");
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new IOException("Roost exited: " + child.logTail(5));
            }
            if (ports.isEmpty() && Files.exists(endpoints)) {
                ports = readPorts(endpoints);
            }
            if (!ports.isEmpty() && healthy()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new IOException("Roost not healthy after " + timeout.toSeconds() + " s: " + child.logTail(5));
    }

    private boolean healthy() throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(httpUri() + "/health")).timeout(Duration.ofSeconds(2)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, Integer> readPorts(Path endpoints) {
        try {
            Map<String, Integer> found = new HashMap<>();
            for (JsonNode listener : JSON.readTree(endpoints.toFile()).get("listeners")) {
                found.put(listener.get("name").asText(), listener.get("port").asInt());
            }
            return Map.copyOf(found);
        } catch (IOException | RuntimeException e) {
            return Map.of(); // being written: read it again on the next poll
        }
    }

    /** The port of the named listener ({@code mqtt}, {@code http}, {@code mqtts}, ...). */
    public int port(String listenerName) {
        Integer port = ports.get(listenerName);
        if (port == null) {
            throw new IllegalStateException("no " + listenerName + " listener in " + ports.keySet());
        }
        return port;
    }

    @Override
    public int mqttPort() {
        return port("mqtt");
    }

    public URI httpUri() {
        return URI.create("http://127.0.0.1:" + port("http"));
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The hub's CA certificate (PEM), which signs the TLS listeners' certificate. */
    public Path caFile() {
        return dataDir.resolve("certs").resolve("ca.pem");
    }

    /** The service connection string of {@code policy} ({@code registryReadWrite}, {@code service}, ...). */
    public String connectionString(String policy) throws IOException {
        HubIdentity hub = HubIdentity.load(dataDir).orElseThrow(() -> new IOException("no hub in " + dataDir));
        return hub.connectionStrings().forPolicy(hub.policy(policy)
                .orElseThrow(() -> new IOException("no policy " + policy)));
    }

    @Override
    public long pid() {
        return child.pid();
    }

    @Override
    public List<String> authArguments() {
        try {
            return List.of("--auth", "roost", "--service-connection-string", connectionString("registryReadWrite"),
                    "--http", httpUri().toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: a crash. */
    public void kill() throws InterruptedException {
        child.kill();
    }

    @Override
    public void close() {
        child.close();
    }
}
