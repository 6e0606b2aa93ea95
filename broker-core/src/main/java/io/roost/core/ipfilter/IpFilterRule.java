package io.roost.core.ipfilter;

import java.net.InetAddress;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule of the IP filter: a name (it labels metrics and the operations log), what to do, and
 * the addresses it covers. Immutable and thread-safe.
 */
public record IpFilterRule(String name, IpFilterAction action, CidrBlock cidr) {

    /** Letters, digits, {@code - _ .}: safe as a metric label and in a log line, like IoT Hub's filter names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public IpFilterRule {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(cidr, "cidr");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1 to 128 letters, digits, '.', '_' or '-'"
                    + " starting with a letter or digit, was " + (name == null ? "missing" : "'" + name + "'"));
        }
    }

    /**
     * A rule from its written form, as configuration and JSON give it.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static IpFilterRule of(String name, String action, String cidr) {
        return new IpFilterRule(name, IpFilterAction.parse(action), CidrBlock.parse(cidr));
    }

    public boolean matches(InetAddress address) {
        return cidr.contains(address);
    }

    /** {@code block-lab reject 127.0.0.2/32}. */
    @Override
    public String toString() {
        return name + " " + action.key() + " " + cidr;
    }
}
