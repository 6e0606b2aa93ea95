package io.roost.server.cli;

import io.roost.core.ipfilter.IpFilterRule;
import io.roost.core.ipfilter.IpFilterRules;
import io.roost.http.ipfilter.IpFilterJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code roost ipfilter list|set|add|remove}: read and change the IP filter of a running server
 * through {@code GET}/{@code PUT /ipfilter}, signed with the owner policy. Every command that
 * changes the rules prints the rules then in force, one per line ({@code block-lab reject
 * 127.0.0.2/32}), in order. {@code add} and {@code remove} read, edit and write back with
 * {@code If-Match}, so a concurrent change is never lost (the command fails and can be run again).
 * Not thread-safe.
 */
@Command(name = "ipfilter", description = "List or change the IP filter rules of a running server (first match wins;"
        + " an address no rule matches is accepted).")
final class IpFilterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    static void print(CommandSpec spec, IpFilterRules rules) {
        PrintWriter out = spec.commandLine().getOut();
        rules.list().forEach(out::println);
        out.flush();
        if (rules.size() == 0) {
            spec.commandLine().getErr().println("no rules: every address is accepted");
            spec.commandLine().getErr().flush();
        }
    }

    /** Turns a rule the server would refuse into a usage error before anything is sent. */
    static IpFilterRule rule(CommandSpec spec, String name, String action, String cidr) {
        try {
            return IpFilterRule.of(name, action, cidr);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid rule: " + e.getMessage());
        }
    }

    /** {@code roost ipfilter list}. */
    @Command(name = "list", description = "Print the rules in force, in order: NAME ACTION CIDR.")
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
            print(spec, new IpFilterClient(server.client(clock)).get().rules());
            return ExitCode.OK;
        }
    }

    /** {@code roost ipfilter set FILE}. */
    @Command(name = "set", description = "Replace every rule with those of a JSON file: "
            + "[{\"name\":\"block-lab\",\"action\":\"reject\",\"cidr\":\"127.0.0.2/32\"}, ...]; '-' reads stdin.")
    static final class Set implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ServerOptions server = new ServerOptions();

        @Parameters(paramLabel = "FILE", description = "a JSON array of rules, or - for standard input")
        String file;

        private final Clock clock;

        Set(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Integer call() {
            byte[] json;
            try {
                json = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
            } catch (IOException e) {
                throw new CliException("cannot read " + file + ": " + e.getMessage());
            }
            IpFilterRules rules;
            try {
                rules = IpFilterJson.parse(json);
            } catch (IllegalArgumentException e) {
                throw new CliException(file + ": " + e.getMessage());
            }
            print(spec, new IpFilterClient(server.client(clock)).put(IpFilterJson.write(rules), null).rules());
            return ExitCode.OK;
        }
    }

    /** {@code roost ipfilter add NAME ACTION CIDR [--position N]}. */
    @Command(name = "add", description = "Add a rule, last unless --position says where.")
    static final class Add implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ServerOptions server = new ServerOptions();

        @Parameters(index = "0", paramLabel = "NAME", description = "the rule's name: letters, digits, '.', '_', '-'")
        String name;

        @Parameters(index = "1", paramLabel = "ACTION", description = "accept or reject")
        String action;

        @Parameters(index = "2", paramLabel = "CIDR", description = "an address block: 10.0.0.0/8, 2001:db8::/32, or one address")
        String cidr;

        @Option(names = "--position", paramLabel = "N", description = "where the rule goes, from 1 (first, checked before"
                + " all others); default: last")
        Integer position;

        private final Clock clock;

        Add(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Integer call() {
            IpFilterRule rule = rule(spec, name, action, cidr);
            IpFilterClient client = new IpFilterClient(server.client(clock));
            IpFilterClient.Tagged current = client.get();
            int size = current.rules().size();
            int index = position == null ? size : position - 1;
            if (index < 0 || index > size) {
                throw new ParameterException(spec.commandLine(),
                        "--position must be from 1 to " + (size + 1) + ", was " + position);
            }
            IpFilterRules next;
            try {
                next = current.rules().with(rule, index);
            } catch (IllegalArgumentException e) {
                throw new CliException("cannot add " + name + ": " + e.getMessage());
            }
            print(spec, client.put(IpFilterJson.write(next), current.etag()).rules());
            return ExitCode.OK;
        }
    }

    /** {@code roost ipfilter remove NAME}. */
    @Command(name = "remove", description = "Remove the rule of that name.")
    static final class Remove implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ServerOptions server = new ServerOptions();

        @Parameters(paramLabel = "NAME", description = "the rule's name")
        String name;

        private final Clock clock;

        Remove(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Integer call() {
            IpFilterClient client = new IpFilterClient(server.client(clock));
            IpFilterClient.Tagged current = client.get();
            IpFilterRules next = current.rules().without(name);
            if (next.size() == current.rules().size()) {
                throw new CliException("no IP filter rule named " + name);
            }
            print(spec, client.put(IpFilterJson.write(next), current.etag()).rules());
            return ExitCode.OK;
        }
    }
}
