package io.roost.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/**
 * Prints messages as JSON lines, one page at a time and flushed per page, until an optional
 * total is reached. Thread-safe: the partitions followed in parallel share one printer, and a
 * page's lines never interleave with another's.
 */
final class MessagePrinter {

    private final PrintWriter out;
    private long remaining;

    /** @param max how many messages to print in all, or a negative number for no limit */
    MessagePrinter(PrintWriter out, long max) {
        this.out = out;
        this.remaining = max < 0 ? Long.MAX_VALUE : max;
    }

    /** Prints the page's messages (as many as the limit allows); false once the limit is reached. */
    synchronized boolean print(JsonNode page) {
        for (JsonNode message : page.path("messages")) {
            if (remaining == 0) {
                break;
            }
            out.println(message.toString());
            remaining--;
        }
        out.flush();
        return remaining > 0;
    }

    synchronized boolean isDone() {
        return remaining == 0;
    }

    /** How many more messages may be printed, capped at {@code pageMax}, at least 1. */
    synchronized int nextPageSize(int pageMax) {
        return (int) Math.max(1, Math.min(pageMax, remaining));
    }
}
