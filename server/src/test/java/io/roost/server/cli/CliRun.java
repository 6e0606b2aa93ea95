package io.roost.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/** One in-process run of the command line with captured stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = RoostCli.commandLine(Map.of(), clock);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static CliRun of(String... args) {
        return of(Clock.systemUTC(), args);
    }

    /** The single line printed on stdout, without its line end. */
    String line() {
        return out.strip();
    }
}
