package io.roost.bench.mqtt;

import java.io.IOException;
import java.io.PrintStream;
import java.util.function.Function;

/**
 * The command-line shell every load generator shares: parse the options (usage error: exit 2),
 * print the usage for {@code --help}, run, print the report's text and JSON line on stdout (the
 * tool's output; progress goes to stderr), and exit 1 when the run counted errors.
 */
public final class LoadMain {

    /** Runs one load with the options and a progress stream. */
    @FunctionalInterface
    public interface Load {
        LoadReport run(LoadOptions options, PrintStream progress) throws IOException, InterruptedException;
    }

    private LoadMain() {
    }

    /**
     * @param name the tool's name, the prefix of its error lines ({@code mqtt-load})
     * @param parser the options, or null for {@code --help}; throws {@link LoadOptions.UsageException}
     */
    public static void run(String name, String usage, Function<String[], LoadOptions> parser, Load load, String[] args) {
        LoadOptions options;
        try {
            options = parser.apply(args);
        } catch (LoadOptions.UsageException e) {
            System.err.println(name + ": " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(usage);
            return;
        }
        LoadReport report;
        try {
            report = load.run(options, System.err);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println(name + ": " + e.getMessage());
            System.exit(2);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(2);
            return;
        }
        System.out.print(report.text());
        System.out.println(report.json());
        System.out.flush();
        System.exit(report.errors() > 0 ? 1 : 0);
    }
}
