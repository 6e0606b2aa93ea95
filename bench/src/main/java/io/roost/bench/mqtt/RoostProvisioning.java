package io.roost.bench.mqtt;

import io.roost.registry.device.SymmetricKey;
import io.roost.registry.policy.HubIdentity;
import io.roost.registry.policy.ServiceConnectionString;
import io.roost.registry.policy.SharedAccessPolicy;
import io.roost.registry.sas.SasTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates (or re-keys) the load's devices in Roost through the registry REST API's bulk import
 * ({@code POST /devices/import}, {@code createOrUpdate}), with keys generated here in memory, and
 * returns each device's CONNECT credentials: user name {@code {host}/{deviceId}/?api-version=...}
 * and a device SAS token. Host names and tokens come from the registry's own classes
 * ({@link HubIdentity#connectionStrings()}, {@link SasTokens}), so they are what an Azure device
 * SDK would send. Not thread-safe; used once per run.
 */
public final class RoostProvisioning {

    static final String API_VERSION = "2021-04-12";
    /** Devices per import request: well under the route's 64 MiB limit (about 200 bytes a line). */
    static final int IMPORT_CHUNK = 10_000;

    private final HubIdentity hub;
    private final String policyName;
    private final URI http;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RoostProvisioning(HubIdentity hub, String policyName, URI http) {
        this.hub = hub;
        this.policyName = policyName;
        this.http = http;
    }

    /**
     * Parses {@code HostName=...;SharedAccessKeyName=...;SharedAccessKey=...} (field names ignore
     * case, other fields are ignored).
     *
     * @throws IllegalArgumentException naming what is missing or invalid
     */
    public static RoostProvisioning of(String serviceConnectionString, URI http) {
        ServiceConnectionString parsed = ServiceConnectionString.parse(serviceConnectionString);
        return new RoostProvisioning(parsed.hub(), parsed.policyName(), http);
    }

    /**
     * Imports {@code deviceIds} with fresh keys and returns their credentials, in the same order;
     * device tokens expire at {@code tokenExpiry}.
     *
     * @throws IOException when the server cannot be reached, refuses the key or refuses a device
     */
    public List<DeviceCredentials> provision(List<String> deviceIds, Instant tokenExpiry) throws IOException, InterruptedException {
        String deviceHost = hub.connectionStrings().deviceHostName();
        List<DeviceCredentials> credentials = new ArrayList<>(deviceIds.size());
        for (int from = 0; from < deviceIds.size(); from += IMPORT_CHUNK) {
            List<String> chunk = deviceIds.subList(from, Math.min(deviceIds.size(), from + IMPORT_CHUNK));
            StringBuilder lines = new StringBuilder(chunk.size() * 200);
            List<String> keys = new ArrayList<>(chunk.size());
            for (String deviceId : chunk) {
                String key = SymmetricKey.randomKey();
                keys.add(key);
                lines.append("{\"id\":\"").append(deviceId).append("\",\"importMode\":\"createOrUpdate\",\"status\":\"enabled\",")
                        .append("\"authentication\":{\"type\":\"sas\",\"symmetricKey\":{\"primaryKey\":\"").append(key)
                        .append("\",\"secondaryKey\":\"").append(SymmetricKey.randomKey()).append("\"}}}\n");
            }
            importLines(lines.toString(), chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                String deviceId = chunk.get(i);
                String token = SasTokens.sign(SasTokens.deviceResource(deviceHost, deviceId), keys.get(i), tokenExpiry, null);
                credentials.add(new DeviceCredentials(deviceId,
                        deviceHost + "/" + deviceId + "/?api-version=" + API_VERSION, token));
            }
        }
        return credentials;
    }

    private void importLines(String body, int count) throws IOException, InterruptedException {
        SharedAccessPolicy policy = hub.policy(policyName).orElseThrow();
        String token = SasTokens.sign(hub.hostName(), policy.primaryKey(), Instant.now().plus(Duration.ofHours(1)), policyName);
        URI uri = URI.create(http + "/devices/import?api-version=" + API_VERSION);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", token)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("cannot reach Roost's registry at " + http + " (is the server running? --http): " + e, e);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new IOException("Roost refused the " + policyName + " key (" + response.statusCode() + ": " + response.body().trim()
                    + "); the policy needs RegistryWrite (registryReadWrite or iothubowner), and the keys must be this server's");
        }
        if (response.statusCode() != 200) {
            throw new IOException("device import failed with " + response.statusCode() + ": " + response.body().trim());
        }
        List<String> refused = response.body().lines().filter(line -> line.contains("\"errorCode\"")).toList();
        if (!refused.isEmpty()) {
            throw new IOException("Roost refused " + refused.size() + " of " + count + " devices, e.g. " + refused.get(0));
        }
    }

}
