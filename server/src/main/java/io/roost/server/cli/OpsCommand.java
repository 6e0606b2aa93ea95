package io.roost.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code roost ops}: prints the operations log of a running server through
 * {@code GET /operations} (docs/operations-log.md), one readable line per event, newest last:
 * {@code 2026-05-01T10:00:00.000Z Connections AUTH_FAILED Failure 401 mqtt dev1 127.0.0.x "reason"}.
 * Without {@code --follow} it prints the newest events and exits; with it, it keeps printing new
 * ones as they happen until interrupted or {@code --max} events were printed. Filters go to the
 * server. Not thread-safe.
 */
@Command(name = "ops", description = "Print the operations log (connections, refusals, C2D outcomes, registry changes).")
final class OpsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Option(names = "--follow", description = "keep printing new events until interrupted (Ctrl-C)")
    boolean follow;

    @Option(names = "--category", paramLabel = "NAME", description = "only this category: Connections, "
            + "DeviceTelemetry, C2DCommands, DeviceIdentityOperations, Throttling or IpFilter")
    String category;

    @Option(names = "--device", paramLabel = "ID", description = "only events of this device")
    String deviceId;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "only events since WHEN: an instant (2026-05-01T10:00:00Z) or a duration back from now (PT1H)")
    String since;

    @Option(names = "--limit", paramLabel = "N", description = "at most the newest N events to start with (1-1000, default 100)")
    Integer limit;

    @Option(names = "--json", description = "print each event as the server's JSON, one per line")
    boolean json;

    @Option(names = "--max", paramLabel = "N", description = "with --follow: exit after printing N events")
    Long max;

    private final Clock clock;

    OpsCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        if (max != null && max <= 0) {
            throw new ParameterException(spec.commandLine(), "--max must be at least 1");
        }
        OpsClient client = new OpsClient(new RegistryClient(server.serverUrl(), server.keys(), clock));
        PrintWriter out = spec.commandLine().getOut();
        if (!follow) {
            for (JsonNode event : client.list(query())) {
                out.println(format(event));
            }
            out.flush();
            return ExitCode.OK;
        }
        long[] printed = {0};
        client.follow(query(), event -> {
            out.println(format(event));
            out.flush();
            return max == null || ++printed[0] < max;
        });
        return ExitCode.OK;
    }

    /** The filters as the server's query string; the server checks them and names a bad one. */
    String query() {
        List<String> parameters = new ArrayList<>();
        add(parameters, "category", category);
        add(parameters, "deviceId", deviceId);
        add(parameters, "since", since);
        add(parameters, "limit", limit == null ? null : limit.toString());
        return String.join("&", parameters);
    }

    private static void add(List<String> parameters, String name, String value) {
        if (value != null && !value.isBlank()) {
            parameters.add(name + "=" + URLEncoder.encode(value.trim(), StandardCharsets.UTF_8));
        }
    }

    private String format(JsonNode event) {
        return json ? event.toString() : line(event);
    }

    /** time category operation result status protocol deviceId remote "reason"; a dash where a field is absent. */
    static String line(JsonNode event) {
        String reason = text(event, "reason");
        return text(event, "time") + " " + text(event, "category") + " " + text(event, "operation") + " "
                + text(event, "result") + " " + text(event, "statusCode") + " " + text(event, "protocol") + " "
                + text(event, "deviceId") + " " + text(event, "maskedAddress")
                + (reason.equals("-") ? "" : " \"" + reason.replace("\"", "\\\"") + "\"");
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? "-" : value.asText();
    }
}
