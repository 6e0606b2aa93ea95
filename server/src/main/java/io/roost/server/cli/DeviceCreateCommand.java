package io.roost.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code roost device create ID [--disabled]}: creates the device with generated keys and prints
 * its connection string, one line, as the Azure device SDKs take it. Not thread-safe.
 */
@Command(name = "create", description = "Create a device and print its connection string.")
final class DeviceCreateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Parameters(paramLabel = "ID", description = "the device id (case-sensitive)")
    String deviceId;

    @Option(names = "--disabled", description = "create it disabled: it cannot connect until enabled")
    boolean disabled;

    private final Clock clock;

    DeviceCreateCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        RegistryClient client = server.client(clock);
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("deviceId", deviceId);
        if (disabled) {
            body.put("status", "disabled");
        }
        JsonNode device = client.create(deviceId, body);
        String key = device.at("/authentication/symmetricKey/primaryKey").asText("");
        if (key.isEmpty()) {
            throw new CliException("the server created device " + deviceId + " but returned no key");
        }
        spec.commandLine().getOut().println(server.keys().connectionStrings().forDevice(deviceId, key));
        return ExitCode.OK;
    }
}
