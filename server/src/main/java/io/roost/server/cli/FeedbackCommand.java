package io.roost.server.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code roost feedback}: prints C2D feedback records, one JSON object per line, through the
 * server's {@code GET /messages/serviceBound/feedback}, and completes each batch once its records
 * are printed and flushed (so a record is printed at least once: twice only if the command dies
 * between the two). Without {@code --follow} it stops at the first empty answer; with it, it asks
 * again every second until interrupted. Not thread-safe.
 */
@Command(name = "feedback", description = "Print C2D feedback records as JSON lines, completing each batch after printing it.")
final class FeedbackCommand implements Callable<Integer> {

    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Option(names = "--follow", description = "keep asking for new feedback every second until interrupted (Ctrl-C)")
    boolean follow;

    private final Clock clock;

    FeedbackCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        C2dClient client = new C2dClient(server.client(clock));
        PrintWriter out = spec.commandLine().getOut();
        try {
            while (true) {
                Optional<C2dClient.FeedbackBatch> batch = client.receiveFeedback();
                if (batch.isPresent()) {
                    batch.get().records().forEach(record -> out.println(record.toString()));
                    out.flush();
                    client.completeFeedback(batch.get().lockToken());
                } else if (!follow) {
                    return ExitCode.OK;
                } else {
                    Thread.sleep(POLL_INTERVAL.toMillis());
                }
            }
        } catch (InterruptedException e) {
            // Interrupted (the way a test or an embedding program stops --follow): a clean end.
            Thread.currentThread().interrupt();
            return ExitCode.OK;
        } catch (CliException e) {
            if (follow && Thread.currentThread().isInterrupted()) {
                return ExitCode.OK;
            }
            throw e;
        }
    }
}
