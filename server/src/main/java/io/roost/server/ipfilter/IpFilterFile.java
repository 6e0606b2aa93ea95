package io.roost.server.ipfilter;

import io.roost.core.io.AtomicFile;
import io.roost.core.ipfilter.IpFilter;
import io.roost.core.ipfilter.IpFilterRules;
import io.roost.http.ipfilter.IpFilterJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code {data-dir}/ipfilter.json}: the IP filter rules last set over the REST API (or
 * {@code roost ipfilter}), in the API's JSON form. Written atomically (temp file, fsync, rename,
 * fsync of the directory), so a crash leaves the old rules or the new, never a mix.
 *
 * <p>Precedence: once the file exists its rules are in force at start-up and {@code ipFilter.rules}
 * of the configuration is ignored (with a warning when they differ); without it the configured
 * rules are. Deleting the file while the server is stopped returns to the configured rules.
 * Thread-safe: saves come from the filter's one writer thread.
 */
public final class IpFilterFile implements IpFilter.RulesFile {

    public static final String FILE_NAME = "ipfilter.json";
    private static final Logger LOG = LoggerFactory.getLogger(IpFilterFile.class);

    private final Path file;

    private IpFilterFile(Path file) {
        this.file = file;
    }

    /**
     * The filter in force at start-up: the saved rules if there are any, else the configured ones.
     *
     * @throws UncheckedIOException naming the file when it cannot be read or holds an invalid rule
     */
    public static IpFilter open(Path dataDir, IpFilterRules configured) {
        IpFilterFile saved = new IpFilterFile(dataDir.resolve(FILE_NAME));
        Optional<IpFilterRules> rules = saved.load();
        if (rules.isPresent() && !rules.get().equals(configured) && configured.size() > 0) {
            LOG.warn("the IP filter rules in {} (set over the REST API) are in force; ipFilter.rules of the"
                    + " configuration is ignored while that file exists", saved.file);
        }
        IpFilterRules initial = rules.orElse(configured);
        if (initial.size() > 0) {
            LOG.info("IP filter rules in force (from {}): {}", rules.isPresent() ? saved.file : "ipFilter.rules", initial);
        }
        return new IpFilter(initial, saved);
    }

    Optional<IpFilterRules> load() {
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(IpFilterJson.parse(json));
        } catch (IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("invalid IP filter rules in " + file + ": " + e.getMessage()
                    + " (fix or delete the file; ipFilter.rules of the configuration applies without it)"));
        }
    }

    @Override
    public void save(IpFilterRules rules) throws IOException {
        AtomicFile.write(file, (IpFilterJson.write(rules) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
