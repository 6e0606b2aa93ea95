package io.roost.http.telemetry;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.core.log.StartPosition;
import io.roost.http.RouteRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The query of {@code GET /messages/events}, checked: {@code partition} (required), at most one of
 * {@code fromSequence} and {@code fromTime} (neither: the earliest retained record), {@code max}
 * (1-1000, default 100) and {@code timeout} (long-poll seconds, 0-60, default 0). Bad values fail
 * with {@code BAD_REQUEST} ({@code ArgumentInvalid}). Immutable.
 */
record EventQuery(int partition, StartPosition start, int max, int timeoutSeconds) {

    static final int DEFAULT_MAX = 100;
    static final int MAX_MAX = 1000;
    static final int MAX_TIMEOUT_SECONDS = 60;

    static EventQuery parse(RouteRequest request, int partitionCount) {
        String partitionText = request.queryParam("partition")
                .orElseThrow(() -> badRequest("partition is required: 0-" + (partitionCount - 1)));
        int partition = number(partitionText, "partition", 0, partitionCount - 1);
        String fromSequence = request.queryParam("fromSequence").filter(s -> !s.isBlank()).orElse(null);
        String fromTime = request.queryParam("fromTime").filter(s -> !s.isBlank()).orElse(null);
        if (fromSequence != null && fromTime != null) {
            throw badRequest("give fromSequence or fromTime, not both");
        }
        StartPosition start = StartPosition.earliest();
        if (fromSequence != null) {
            start = StartPosition.fromSequenceNumber(longNumber(fromSequence, "fromSequence"), true);
        } else if (fromTime != null) {
            start = StartPosition.fromEnqueuedTime(epochMillis(fromTime), true);
        }
        int max = request.queryParam("max").map(m -> number(m, "max", 1, MAX_MAX)).orElse(DEFAULT_MAX);
        int timeout = request.queryParam("timeout").map(t -> number(t, "timeout", 0, MAX_TIMEOUT_SECONDS)).orElse(0);
        return new EventQuery(partition, start, max, timeout);
    }

    /** An ISO-8601 instant ({@code 2026-01-02T03:04:05Z}, offsets allowed) or epoch milliseconds. */
    static long epochMillis(String text) {
        String trimmed = text.trim();
        if (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) {
            return longNumber(trimmed, "fromTime");
        }
        try {
            // A '+' of an unencoded offset arrives as a space: query strings decode as forms.
            return Instant.parse(trimmed.replace(' ', '+')).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw badRequest("fromTime must be an ISO-8601 instant such as 2026-01-02T03:04:05Z or epoch milliseconds: "
                    + text);
        }
    }

    private static int number(String text, String name, int min, int max) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw badRequest(name + " must be a number between " + min + " and " + max + ": " + text);
    }

    private static long longNumber(String text, String name) {
        try {
            long value = Long.parseLong(text.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw badRequest(name + " must be a number >= 0: " + text);
    }

    static RoostException badRequest(String message) {
        return new RoostException(Status.BAD_REQUEST, "ArgumentInvalid", message, null);
    }
}
