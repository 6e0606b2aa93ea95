package io.roost.http.operations;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationsFilter;
import io.roost.http.RouteRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The query of {@code GET /operations}, checked: {@code since} (an ISO-8601 instant such as
 * {@code 2026-01-02T03:04:05Z}, or an ISO-8601 duration back from now such as {@code PT1H};
 * default: everything retained), {@code category} (one of {@link OperationCategory}, any case),
 * {@code deviceId}, and {@code limit} (1-1000, default 100). A bad value fails with 400
 * {@code ArgumentInvalid} naming the parameter. Immutable.
 */
record OperationsQuery(OperationsFilter filter, int limit) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    static OperationsQuery parse(RouteRequest request, Instant now) {
        Instant since = request.queryParam("since").map(String::trim).filter(s -> !s.isEmpty())
                .map(text -> since(text, now)).orElse(Instant.EPOCH);
        OperationCategory category = request.queryParam("category").map(String::trim).filter(s -> !s.isEmpty())
                .map(OperationsQuery::category).orElse(null);
        String deviceId = request.queryParam("deviceId").filter(s -> !s.isBlank()).orElse(null);
        int limit = request.queryParam("limit").map(OperationsQuery::limit).orElse(DEFAULT_LIMIT);
        return new OperationsQuery(new OperationsFilter(since, category, deviceId), limit);
    }

    private static Instant since(String text, Instant now) {
        try {
            if (text.startsWith("P") || text.startsWith("p")) {
                Duration back = Duration.parse(text);
                if (!back.isNegative()) {
                    return now.minus(back);
                }
            } else {
                // A '+' of an unencoded offset arrives as a space: query strings decode as forms.
                return java.time.OffsetDateTime.parse(text.replace(' ', '+')).toInstant();
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // answered below
        }
        throw badRequest("since must be an ISO-8601 instant such as 2026-01-02T03:04:05Z or a duration back from now "
                + "such as PT1H: " + text);
    }

    private static OperationCategory category(String text) {
        OperationCategory category = OperationCategory.parse(text);
        if (category == null) {
            throw badRequest("category must be one of " + Arrays.stream(OperationCategory.values())
                    .map(Enum::name).collect(Collectors.joining(", ")) + ": " + text);
        }
        return category;
    }

    private static int limit(String text) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw badRequest("limit must be a number between 1 and " + MAX_LIMIT + ": " + text);
    }

    static RoostException badRequest(String message) {
        return new RoostException(Status.BAD_REQUEST, "ArgumentInvalid", message, null);
    }
}
