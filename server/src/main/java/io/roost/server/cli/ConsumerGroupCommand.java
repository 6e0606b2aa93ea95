package io.roost.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code roost consumer-group list|create|delete}: the D2C log's consumer groups of a running
 * server, through {@code /consumerGroups} (docs/telemetry-read.md), signed with the owner policy.
 * Event Hubs-compatible readers name their group in their address; it must exist first. Not
 * thread-safe.
 */
@Command(name = "consumer-group", description = "List, create or delete the consumer groups Event Hubs-compatible"
        + " readers use ($Default always exists).")
final class ConsumerGroupCommand implements Callable<Integer> {

    static final String PATH = "/consumerGroups";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    /** {@code roost consumer-group list}: one name per line. */
    @Command(name = "list", description = "Print the consumer groups, one per line.")
    static final class List implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ServerOptions server = new ServerOptions();

        private final Clock clock;

        List(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Integer call() {
            RegistryClient client = server.client(clock);
            JsonNode groups = client.json(client.send(client.request(PATH).GET(), null, RegistryClient.REQUEST_TIMEOUT));
            PrintWriter out = spec.commandLine().getOut();
            groups.forEach(group -> out.println(group.path("name").asText()));
            out.flush();
            return ExitCode.OK;
        }
    }

    /** {@code roost consumer-group create NAME}: does nothing if it exists. */
    @Command(name = "create", description = "Create a consumer group (nothing happens if it exists).")
    static final class Create implements Callable<Integer> {

        @Mixin
        ServerOptions server = new ServerOptions();

        @Parameters(index = "0", paramLabel = "NAME", description = "1-64 letters, digits, '$', '_', '.' or '-'")
        String name;

        private final Clock clock;

        Create(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Integer call() {
            RegistryClient client = server.client(clock);
            client.send(client.request(groupPath(name)).PUT(BodyPublishers.noBody()), null, RegistryClient.REQUEST_TIMEOUT);
            return ExitCode.OK;
        }
    }

    /** {@code roost consumer-group delete NAME}: its checkpoints go with it. */
    @Command(name = "delete", description = "Delete a consumer group and its checkpoints ($Default cannot be deleted).")
    static final class Delete implements Callable<Integer> {

        @Mixin
        ServerOptions server = new ServerOptions();

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        private final Clock clock;

        Delete(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Integer call() {
            RegistryClient client = server.client(clock);
            client.send(client.request(groupPath(name)).DELETE(), null, RegistryClient.REQUEST_TIMEOUT);
            return ExitCode.OK;
        }
    }

    static String groupPath(String name) {
        return PATH + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
