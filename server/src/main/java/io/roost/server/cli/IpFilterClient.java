package io.roost.server.cli;

import io.roost.core.ipfilter.IpFilterRules;
import io.roost.http.ipfilter.IpFilterJson;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET} and {@code PUT /ipfilter} (docs/security.md) on a {@link RegistryClient}'s
 * connection and token, which must be the owner's. Failures are {@link CliException}s with one
 * line. Not thread-safe; one per command.
 */
final class IpFilterClient {

    static final String PATH = "/ipfilter";

    private final RegistryClient client;

    IpFilterClient(RegistryClient client) {
        this.client = client;
    }

    /** The rules in force and their entity tag, for a change that must not overwrite another. */
    Tagged get() {
        return tagged(client.send(client.request(PATH).GET(), null, RegistryClient.REQUEST_TIMEOUT));
    }

    /**
     * Replaces every rule.
     *
     * @param etag the tag the rules in force must still have, or null to replace whatever is there
     * @return the rules now in force
     */
    Tagged put(String json, String etag) {
        var request = client.request(PATH).header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (etag != null) {
            request.header("If-Match", "\"" + etag + "\"");
        }
        try {
            return tagged(client.send(request, null, RegistryClient.REQUEST_TIMEOUT));
        } catch (CliException e) {
            if (e.status() == 412) {
                throw new CliException("the IP filter rules were changed by someone else meanwhile; run the command again", 412);
            }
            throw e;
        }
    }

    private Tagged tagged(HttpResponse<String> reply) {
        IpFilterRules rules;
        try {
            rules = IpFilterJson.parse(reply.body().getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new CliException("the server at " + client.baseUrl() + " answered rules that are not valid: " + e.getMessage());
        }
        String etag = reply.headers().firstValue("etag").map(tag -> tag.replace("\"", "")).orElse(null);
        return new Tagged(rules, etag);
    }

    /** Rules as the server holds them, and their entity tag (null if it sent none). */
    record Tagged(IpFilterRules rules, String etag) {
    }
}
