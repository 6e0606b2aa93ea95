package io.roost.core.ipfilter;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IP filter in force: one immutable {@link IpFilterRules} snapshot behind a volatile field.
 * Listeners call {@link #rejecting} for every accepted connection without taking a lock; a change
 * ({@link #replace}) is written durably first, on this filter's own writer thread, and only then
 * swapped in, so the rules in force are always the rules the next start reads.
 *
 * <p>Thread-safe. Changes are applied one at a time in the order they were asked for.
 */
public final class IpFilter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IpFilter.class);

    /** Where changed rules are kept across restarts; called on the writer thread, may block. */
    @FunctionalInterface
    public interface RulesFile {
        void save(IpFilterRules rules) throws IOException;
    }

    private final RulesFile file;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "roost-ipfilter-writer");
        thread.setDaemon(true);
        return thread;
    });
    private volatile IpFilterRules rules;

    /** @param file where {@link #replace} saves the rules before they take effect */
    public IpFilter(IpFilterRules initial, RulesFile file) {
        this.rules = Objects.requireNonNull(initial, "initial");
        this.file = Objects.requireNonNull(file, "file");
    }

    /** A filter whose changes are not kept, for tests and tools. */
    public static IpFilter inMemory(IpFilterRules initial) {
        return new IpFilter(initial, rules -> {
        });
    }

    /** The rules in force now. */
    public IpFilterRules rules() {
        return rules;
    }

    /** The rule that rejects the address, or null when it is accepted. Never blocks. */
    public IpFilterRule rejecting(InetAddress address) {
        return rules.rejecting(address);
    }

    /** Replaces every rule; see {@link #replace(IpFilterRules, Predicate)}. */
    public CompletableFuture<IpFilterRules> replace(IpFilterRules next) {
        return replace(next, current -> true);
    }

    /**
     * Replaces every rule if {@code precondition} holds for the rules in force when the change
     * runs (an {@code If-Match} check). The future completes with the new rules once they are saved
     * durably and in force for every connection accepted after that; connections already open stay.
     * It fails with {@link RoostException}: {@code PRECONDITION_FAILED} when the precondition does
     * not hold, {@code INTERNAL_ERROR} when saving fails (the old rules stay in force),
     * {@code UNAVAILABLE} after {@link #close()}. It completes on the writer thread.
     */
    public CompletableFuture<IpFilterRules> replace(IpFilterRules next, Predicate<IpFilterRules> precondition) {
        Objects.requireNonNull(next, "next");
        try {
            return CompletableFuture.supplyAsync(() -> apply(next, precondition), writer);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new RoostException(Status.UNAVAILABLE, "the server is stopping"));
        }
    }

    private IpFilterRules apply(IpFilterRules next, Predicate<IpFilterRules> precondition) {
        if (!precondition.test(rules)) {
            throw new RoostException(Status.PRECONDITION_FAILED,
                    "the IP filter rules were changed meanwhile; read them again and retry");
        }
        try {
            file.save(next);
        } catch (IOException e) {
            LOG.error("cannot save the IP filter rules; the previous rules stay in force", e);
            throw new RoostException(Status.INTERNAL_ERROR, "cannot save the IP filter rules", e);
        }
        rules = next;
        LOG.info("IP filter rules now in force: {}", next.size() == 0 ? "none (every address is accepted)" : next);
        return next;
    }

    /** Finishes the changes already asked for, then takes no more. */
    @Override
    public void close() {
        writer.shutdown();
    }
}
