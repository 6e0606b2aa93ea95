package io.roost.http.registry;

import io.roost.http.HttpReply;
import io.roost.http.RouteRequest;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.policy.Permission;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Bulk registry routes, synchronous versions of IoT Hub's import/export jobs: {@code POST
 * /devices/import} takes JSON lines (IoT Hub's import format) and answers one result line per
 * input line; {@code GET /devices/export[?includeKeys=true]} answers every device as a JSON line.
 * Both run on the registry's worker; the reply is built in memory (about 300 bytes per device).
 * Thread-safe.
 */
final class BulkRoutes {

    static final String NDJSON = "application/x-ndjson; charset=utf-8";

    private final DeviceRegistry registry;
    private final ServiceAuthorization authorization;

    BulkRoutes(DeviceRegistry registry, ServiceAuthorization authorization) {
        this.registry = registry;
        this.authorization = authorization;
    }

    CompletableFuture<HttpReply> importDevices(RouteRequest request) {
        ByteArrayOutputStream results = new ByteArrayOutputStream();
        return authorization.require(request, Permission.REGISTRY_WRITE)
                .thenCompose(policy -> {
                    BufferedReader lines = new BufferedReader(new InputStreamReader(
                            new ByteArrayInputStream(request.body()), StandardCharsets.UTF_8));
                    return registry.importDevices(lines, writer(results));
                })
                .thenApply(summary -> new HttpReply(200, NDJSON, results.toByteArray()))
                .exceptionally(failure -> {
                    throw RegistryErrors.translate(failure, false);
                });
    }

    CompletableFuture<HttpReply> exportDevices(RouteRequest request) {
        boolean includeKeys = request.queryParam("includeKeys").map(Boolean::parseBoolean).orElse(false);
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        return authorization.require(request, Permission.REGISTRY_READ)
                .thenCompose(policy -> registry.exportDevices(writer(lines), includeKeys))
                .thenApply(count -> new HttpReply(200, NDJSON, lines.toByteArray()))
                .exceptionally(failure -> {
                    throw RegistryErrors.translate(failure, false);
                });
    }

    /** The registry flushes the writer when it is done, before its future completes. */
    private static Writer writer(ByteArrayOutputStream out) {
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
    }
}
