package io.roost.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code roost messages tail}: prints D2C messages as JSON lines through the server's
 * {@code GET /messages/events} (docs/telemetry-read.md). Without {@code --follow} it prints what
 * the partitions hold when it starts (by default from the earliest) and exits; with
 * {@code --follow} it long-polls every partition in parallel (by default from the end, so only new
 * messages) until it is interrupted or {@code --max} messages were printed. Not thread-safe; the
 * threads it starts for {@code --follow} end before {@link #call()} returns.
 */
@Command(name = "tail", description = "Print device-to-cloud messages as JSON lines, one per message.")
final class MessagesTailCommand implements Callable<Integer> {

    /** The most the server gives per request. */
    static final int PAGE_MAX = 1000;
    static final int LONG_POLL_SECONDS = 30;

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Option(names = "--partition", paramLabel = "N", description = "only this partition (default: every partition)")
    Integer partition;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Start start = new Start();

    @Option(names = "--follow", description = "keep printing new messages until interrupted (Ctrl-C)")
    boolean follow;

    @Option(names = "--max", paramLabel = "N", description = "exit after printing N messages")
    Long max;

    private final Clock clock;

    MessagesTailCommand(Clock clock) {
        this.clock = clock;
    }

    /** Where to begin; at most one. */
    static final class Start {
        @Option(names = "--from-start", description = "from the earliest retained message (the default without --follow)")
        boolean fromStart;

        @Option(names = "--from-sequence", paramLabel = "S",
                description = "from sequence number S (needs --partition: numbers are per partition)")
        Long fromSequence;

        @Option(names = "--from-time", paramLabel = "TIME",
                description = "from the first message enqueued at or after TIME: ISO-8601 (2026-05-01T10:00:00Z) or epoch ms")
        String fromTime;
    }

    @Override
    public Integer call() throws InterruptedException {
        String firstStart = firstStartParameter();
        if (max != null && max <= 0) {
            throw usage("--max must be at least 1");
        }
        HubKeys keys = server.keys();
        RegistryClient client = new RegistryClient(server.serverUrl(), keys, clock);
        JsonNode partitions = client.eventPartitions();
        List<Integer> selected = new ArrayList<>();
        if (partition != null) {
            if (partition < 0 || partition >= partitions.size()) {
                throw usage("partition " + partition + " does not exist; the server has 0-" + (partitions.size() - 1));
            }
            selected.add(partition);
        } else {
            partitions.forEach(p -> selected.add(p.path("partition").asInt()));
        }
        MessagePrinter printer = new MessagePrinter(spec.commandLine().getOut(), max == null ? -1 : max);
        if (!follow) {
            for (int p : selected) {
                long end = partitions.get(p).path("nextSequence").asLong();
                printExisting(client, printer, p, firstStart, end);
                if (printer.isDone()) {
                    break;
                }
            }
            return ExitCode.OK;
        }
        return followAll(keys, partitions, selected, printer, firstStart);
    }

    /** The start as a query parameter: "" for the earliest, null for "from the end". */
    private String firstStartParameter() {
        if (start.fromSequence != null) {
            if (partition == null) {
                throw usage("--from-sequence needs --partition: sequence numbers are per partition");
            }
            if (start.fromSequence < 0) {
                throw usage("--from-sequence must be >= 0");
            }
            return "fromSequence=" + start.fromSequence;
        }
        if (start.fromTime != null) {
            return "fromTime=" + epochMillis(start.fromTime);
        }
        if (start.fromStart || !follow) {
            return "";
        }
        return null;
    }

    private long epochMillis(String text) {
        String trimmed = text.trim();
        try {
            if (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(trimmed);
            }
            return Instant.parse(trimmed).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw usage("invalid --from-time '" + text + "': expected an instant such as 2026-05-01T10:00:00Z or epoch ms");
        }
    }

    /** Prints one partition from {@code first} up to {@code end}, the next sequence number when the command began. */
    private static void printExisting(RegistryClient client, MessagePrinter printer, int p, String first, long end) {
        String position = first;
        while (true) {
            JsonNode page = client.events(p, position, printer.nextPageSize(PAGE_MAX), 0);
            long next = page.path("nextSequence").asLong();
            if (!printer.print(page) || page.path("messages").isEmpty() || next >= end) {
                return;
            }
            position = "fromSequence=" + next;
        }
    }

    private int followAll(HubKeys keys, JsonNode partitions, List<Integer> selected, MessagePrinter printer,
            String firstStart) throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(selected.size(), runnable -> {
            Thread thread = new Thread(runnable, "roost-tail");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Void>> tails = new ArrayList<>();
            for (int p : selected) {
                String first = firstStart != null ? firstStart
                        : "fromSequence=" + partitions.get(p).path("nextSequence").asLong();
                // One client per thread: a client is not shared between threads.
                RegistryClient client = new RegistryClient(server.serverUrl(), keys, clock);
                tails.add(CompletableFuture.runAsync(() -> follow(client, printer, p, first), threads));
            }
            // A follow ends only when --max is reached or a request fails; either ends them all.
            CompletableFuture.anyOf(tails.toArray(CompletableFuture[]::new)).get();
            return ExitCode.OK;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new CliException("following failed: " + cause);
        } catch (InterruptedException e) {
            // Interrupted (the way a test or an embedding program stops --follow): a clean end.
            return ExitCode.OK;
        } finally {
            threads.shutdownNow();
        }
    }

    private static void follow(RegistryClient client, MessagePrinter printer, int p, String first) {
        String position = first;
        while (!printer.isDone() && !Thread.currentThread().isInterrupted()) {
            JsonNode page = client.events(p, position, printer.nextPageSize(PAGE_MAX), LONG_POLL_SECONDS);
            if (!printer.print(page)) {
                return;
            }
            position = "fromSequence=" + page.path("nextSequence").asLong();
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
