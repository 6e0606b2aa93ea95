package io.roost.server.cli;

import io.roost.core.c2d.AckMode;
import io.roost.core.error.RoostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code roost c2d send DEVICE BODY}: queues a cloud-to-device message through the server's
 * {@code POST /devices/{id}/messages/deviceBound} and prints the server's answer as one JSON line.
 * Properties travel as HTTP headers, so their names must be HTTP tokens and their values printable
 * ASCII. Not thread-safe.
 */
@Command(name = "send", description = "Queue a cloud-to-device message for a device; prints where it went as JSON.")
final class C2dSendCommand implements Callable<Integer> {

    /** RFC 9110's token: what a header name may hold. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x20-\\x7e]*");

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Parameters(index = "0", paramLabel = "DEVICE", description = "the device id")
    String deviceId;

    @Parameters(index = "1", paramLabel = "BODY", description = "the message body, sent as UTF-8 text")
    String body;

    @Option(names = "--ack", paramLabel = "MODE", description = "feedback wanted: none (default), positive, negative or full")
    String ack = "none";

    @Option(names = "--prop", paramLabel = "KEY=VALUE", description = "an application property; repeat for more")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--message-id", paramLabel = "ID", description = "the message id (default: the server gives a UUID)")
    String messageId;

    @Option(names = "--ttl", paramLabel = "DURATION", converter = Ttl.class,
            description = "how long the message may wait for the device: 30s, 15m, 1h, 2d or PT1H (default: the server's, 1h; at most 48h)")
    Duration ttl;

    private final Clock clock;

    C2dSendCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        Map<String, String> headers = headers();
        C2dClient client = new C2dClient(server.client(clock));
        spec.commandLine().getOut().println(client.send(deviceId, body.getBytes(StandardCharsets.UTF_8), headers));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            headers.put("iothub-ack", AckMode.parse(ack).wireName());
        } catch (RoostException e) {
            throw usage("--ack must be none, positive, negative or full, not '" + ack + "'");
        }
        if (messageId != null) {
            headers.put("iothub-messageid", headerValue("--message-id", messageId));
        }
        if (ttl != null) {
            headers.put("iothub-expiry", clock.instant().plus(ttl).toString());
        }
        properties.forEach((key, value) -> {
            if (!TOKEN.matcher(key).matches()) {
                throw usage("--prop " + key + "=...: a property name may hold only letters, digits and !#$%&'*+.^_`|~-");
            }
            headers.put("iothub-app-" + key, headerValue("--prop " + key, value));
        });
        return headers;
    }

    private String headerValue(String what, String value) {
        if (!PRINTABLE_ASCII.matcher(value).matches()) {
            throw usage(what + ": the value must be printable ASCII (it travels as an HTTP header)");
        }
        return value;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
