package io.roost.amqp;

import io.roost.core.log.StartPosition;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.qpid.proton.amqp.DescribedType;
import org.apache.qpid.proton.amqp.Symbol;

/**
 * Where a partition receiver starts, from the {@code apache.org:selector-filter:string} source filter
 * as the Event Hubs client writes it: {@code amqp.annotation.x-opt-offset > '123'} (or {@code >=}),
 * {@code amqp.annotation.x-opt-sequence-number > 5}, {@code amqp.annotation.x-opt-enqueued-time > 1700000000000}
 * (epoch milliseconds). Offset {@code -1} is the start of the stream, {@code @latest} its end. No
 * filter: the start of the stream. Stateless.
 */
final class SelectorFilter {

    static final Symbol SELECTOR = Symbol.valueOf("apache.org:selector-filter:string");

    private static final Pattern EXPRESSION = Pattern.compile(
            "\\s*amqp\\.annotation\\.x-opt-(offset|sequence-number|enqueued-time)\\s*(>=|>)\\s*'?([^'\\s]*)'?\\s*");

    private SelectorFilter() {
    }

    /**
     * The start position the source's filters ask for.
     *
     * @throws IllegalArgumentException for a selector this endpoint does not understand
     */
    static StartPosition startPosition(Map<Symbol, Object> filters) {
        if (filters == null) {
            return StartPosition.earliest();
        }
        Object filter = filters.get(SELECTOR);
        if (filter == null) {
            filter = filters.values().stream().filter(f -> f instanceof DescribedType d && SELECTOR.equals(d.getDescriptor()))
                    .findFirst().orElse(null);
        }
        if (filter == null) {
            return StartPosition.earliest();
        }
        Object expression = filter instanceof DescribedType described ? described.getDescribed() : filter;
        if (!(expression instanceof String text)) {
            throw new IllegalArgumentException("the selector filter is not a string");
        }
        return parse(text);
    }

    static StartPosition parse(String expression) {
        Matcher m = EXPRESSION.matcher(expression);
        if (!m.matches()) {
            throw new IllegalArgumentException("unsupported selector: " + expression);
        }
        boolean inclusive = m.group(2).equals(">=");
        String value = m.group(3);
        try {
            return switch (m.group(1)) {
                case "offset" -> {
                    if (value.equals("@latest")) {
                        yield StartPosition.latest();
                    }
                    long offset = Long.parseLong(value);
                    yield offset < 0 ? StartPosition.earliest() : StartPosition.fromOffset(offset, inclusive);
                }
                case "sequence-number" -> {
                    long sequence = Long.parseLong(value);
                    yield sequence < 0 ? StartPosition.earliest() : StartPosition.fromSequenceNumber(sequence, inclusive);
                }
                default -> StartPosition.fromEnqueuedTime(Long.parseLong(value), inclusive);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unsupported selector value: " + value);
        }
    }
}
