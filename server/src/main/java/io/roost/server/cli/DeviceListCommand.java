package io.roost.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code roost device list [--top N]}: one line per device in id order, {@code id<TAB>status<TAB>
 * connection state}, following the server's pages until the end or {@code N} devices. Not
 * thread-safe.
 */
@Command(name = "list", description = "List devices: id, status and connection state, tab-separated.")
final class DeviceListCommand implements Callable<Integer> {

    /** The server's largest page. */
    static final int PAGE = 1000;

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Option(names = "--top", paramLabel = "N", description = "list at most N devices (default: all)")
    Integer top;

    private final Clock clock;

    DeviceListCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        if (top != null && top < 1) {
            throw new ParameterException(spec.commandLine(), "--top must be at least 1, was " + top);
        }
        RegistryClient client = server.client(clock);
        PrintWriter out = spec.commandLine().getOut();
        long remaining = top == null ? Long.MAX_VALUE : top;
        String continuation = null;
        do {
            RegistryClient.DevicePage page = client.list((int) Math.min(PAGE, remaining), continuation);
            for (JsonNode device : page.devices()) {
                if (remaining-- == 0) {
                    break;
                }
                out.println(device.path("deviceId").asText() + "\t" + device.path("status").asText()
                        + "\t" + device.path("connectionState").asText());
            }
            continuation = page.continuation();
        } while (continuation != null && remaining > 0);
        out.flush();
        return ExitCode.OK;
    }
}
