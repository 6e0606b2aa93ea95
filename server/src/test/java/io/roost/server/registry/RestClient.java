package io.roost.server.registry;

import io.roost.registry.policy.HubIdentity;
import io.roost.registry.sas.SasTokens;
import io.roost.server.lifecycle.RoostServer;
import io.roost.server.listener.BoundListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** A registry REST client for tests: the JDK's client, a base URL and policy tokens of the hub. */
public final class RestClient {

    private final HttpClient http;
    private final String baseUrl;
    private final HubIdentity hub;

    public RestClient(String baseUrl, SSLContext sslContext, Path dataDir, String hostName) throws Exception {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.http = builder.build();
        this.baseUrl = baseUrl;
        this.hub = HubIdentity.loadOrCreate(dataDir, hostName);
    }

    /**
     * A client of one of the server's listeners, {@code http} or {@code https}; over https it
     * trusts only the hub's CA and dials {@code localhost}, the name the certificate carries.
     */
    public static RestClient forListener(RoostServer server, String listener) throws Exception {
        BoundListener bound = server.listeners().stream().filter(l -> l.name().key().equals(listener)).findFirst().orElseThrow();
        Path dataDir = server.caFile().orElseThrow().getParent().getParent();
        if (listener.equals("https")) {
            return new RestClient("https://localhost:" + bound.port(), RegistryRestTest.trustOnly(server.caFile().orElseThrow()),
                    dataDir, "localhost");
        }
        return new RestClient(bound.url(), null, dataDir, "localhost");
    }

    /** A valid one-hour token of the named policy. */
    public String token(String policy) {
        return SasTokens.sign(hub.hostName(), hub.policy(policy).orElseThrow().primaryKey(),
                Instant.now().plusSeconds(3600), policy);
    }

    public String expiredToken(String policy) {
        return SasTokens.sign(hub.hostName(), hub.policy(policy).orElseThrow().primaryKey(),
                Instant.now().minusSeconds(60), policy);
    }

    /** Signed with the right policy name but another key. */
    public String forgedToken(String policy) {
        return SasTokens.sign(hub.hostName(), hub.policy("service").orElseThrow().primaryKey(),
                Instant.now().plusSeconds(3600), policy);
    }

    public HttpResponse<String> send(String method, String path, String token, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", token);
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> owner(String method, String path, String body, Map<String, String> headers) throws Exception {
        return send(method, path, token("iothubowner"), body, headers);
    }

    public HttpResponse<String> owner(String method, String path, String body) throws Exception {
        return owner(method, path, body, Map.of());
    }
}
