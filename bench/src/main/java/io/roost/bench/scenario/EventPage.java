package io.roost.bench.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * What a back end of the scenarios needs from one page of {@code GET /messages/events}: each
 * message's enqueued time and the page's next sequence number. Read with a streaming parser that
 * skips everything else: the consumer shares the machine with the server it measures, and a whole
 * tree per page plus {@code Instant.parse} per message cost it about as much CPU as the server
 * spent writing the page.
 *
 * @param enqueuedMillis the messages' enqueued times (epoch ms), in order
 */
record EventPage(long[] enqueuedMillis, long nextSequence) {

    private static final JsonFactory JSON = new JsonFactory();

    static EventPage parse(byte[] json) throws IOException {
        long[] times = new long[64];
        int count = 0;
        long next = -1;
        try (JsonParser parser = JSON.createParser(json)) {
            expect(parser, JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if ("messages".equals(field)) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        if (count == times.length) {
                            times = Arrays.copyOf(times, count * 2);
                        }
                        times[count++] = enqueuedTimeOf(parser);
                    }
                } else if ("nextSequence".equals(field)) {
                    next = parser.getLongValue();
                } else {
                    parser.skipChildren();
                }
            }
        }
        if (next < 0) {
            throw new IOException("a page without nextSequence");
        }
        return new EventPage(Arrays.copyOf(times, count), next);
    }

    /** Reads one message object up to its end; its enqueuedTime, or -1 without one. */
    private static long enqueuedTimeOf(JsonParser parser) throws IOException {
        long enqueued = -1;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if ("enqueuedTime".equals(field)) {
                enqueued = utcMillis(parser.getText());
            } else {
                parser.skipChildren();
            }
        }
        return enqueued;
    }

    /** {@code 2026-05-01T10:00:00.123Z} (the form Roost writes) without a formatter; any other ISO form through Instant. */
    static long utcMillis(String text) {
        if (text.length() != 24 || text.charAt(4) != '-' || text.charAt(10) != 'T' || text.charAt(19) != '.'
                || text.charAt(23) != 'Z') {
            return Instant.parse(text).toEpochMilli();
        }
        long day = LocalDate.of(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2)).toEpochDay();
        long seconds = day * 86_400 + number(text, 11, 2) * 3600L + number(text, 14, 2) * 60L + number(text, 17, 2);
        return seconds * 1000 + number(text, 20, 3);
    }

    private static int number(String text, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a time: " + text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void expect(JsonParser parser, JsonToken token) throws IOException {
        if (parser.nextToken() != token) {
            throw new IOException("expected " + token + " at " + parser.currentLocation());
        }
    }
}
