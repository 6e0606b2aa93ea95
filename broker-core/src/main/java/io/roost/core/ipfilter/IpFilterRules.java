package io.roost.core.ipfilter;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ordered list of rules: the first rule whose block holds an address decides; an address no
 * rule holds is accepted (so an empty list accepts everyone, and a list meant to admit only some
 * networks ends with a reject rule for {@code 0.0.0.0/0} and {@code ::/0}). Names are unique.
 * Immutable and thread-safe.
 */
public final class IpFilterRules {

    /** IoT Hub's limit; a linear scan of this many rules per accepted connection costs nothing. */
    public static final int MAX_RULES = 100;

    public static final IpFilterRules ACCEPT_ALL = new IpFilterRules(List.of());

    private final List<IpFilterRule> rules;

    private IpFilterRules(List<IpFilterRule> rules) {
        this.rules = rules;
    }

    /** @throws IllegalArgumentException for more than {@value #MAX_RULES} rules or a name used twice */
    public static IpFilterRules of(List<IpFilterRule> rules) {
        if (rules.size() > MAX_RULES) {
            throw new IllegalArgumentException("at most " + MAX_RULES + " rules are allowed, were " + rules.size());
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            IpFilterRule rule = rules.get(i);
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("rule " + (i + 1) + " (" + rule.name() + "): the name "
                        + rule.name() + " is used by an earlier rule; names must be unique");
            }
        }
        return new IpFilterRules(List.copyOf(rules));
    }

    /** The first rule that holds the address, or null when none does (and the address is accepted). */
    public IpFilterRule firstMatch(InetAddress address) {
        for (IpFilterRule rule : rules) {
            if (rule.matches(address)) {
                return rule;
            }
        }
        return null;
    }

    /** The rule that rejects the address, or null when it is accepted. */
    public IpFilterRule rejecting(InetAddress address) {
        IpFilterRule rule = firstMatch(address);
        return rule != null && rule.action() == IpFilterAction.REJECT ? rule : null;
    }

    public List<IpFilterRule> list() {
        return rules;
    }

    /** A copy with {@code rule} added at {@code position} (0-based; {@link #size()} appends). */
    public IpFilterRules with(IpFilterRule rule, int position) {
        List<IpFilterRule> more = new ArrayList<>(rules);
        more.add(position, rule);
        return of(more);
    }

    /** A copy without the rule of that name; the same rules when there is none. */
    public IpFilterRules without(String name) {
        return of(rules.stream().filter(rule -> !rule.name().equals(name)).toList());
    }

    public int size() {
        return rules.size();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpFilterRules that && that.rules.equals(rules);
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }

    @Override
    public String toString() {
        return rules.toString();
    }
}
