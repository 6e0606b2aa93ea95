package io.roost.registry.bulk;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.registry.device.Device;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.store.RegistryStore;
import io.roost.registry.store.StoreMutation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Applies an import: JSON lines in IoT Hub's import format, {@value #BATCH} lines per store
 * transaction (one fsync per batch is what makes 100,000 devices quick). Each line is decided
 * against the stored state plus the earlier lines of its batch, so a file may create and then
 * update the same id. A bad line (malformed, invalid, or refused: exists, not found, etag) is
 * reported and changes nothing; the other lines still apply. If a whole batch fails (a concurrent
 * writer inserted one of its ids), its lines are retried one by one so only the culprit fails.
 * Not thread-safe; one instance per import, run on a registry worker.
 */
public final class BulkImporter {

    static final int BATCH = 1000;

    private final RegistryStore store;
    private final Clock clock;
    private final BiConsumer<Device, Device> committed;

    /** @param committed told (before, after) of every durable change, in order; null means absent */
    public BulkImporter(RegistryStore store, Clock clock, BiConsumer<Device, Device> committed) {
        this.store = store;
        this.clock = clock;
        this.committed = committed;
    }

    public ImportSummary run(BufferedReader lines, Writer resultsOut) {
        ImportResults results = new ImportResults(resultsOut);
        long lineNumber = 0;
        List<String> texts = new ArrayList<>(BATCH);
        List<Long> numbers = new ArrayList<>(BATCH);
        try {
            String text;
            while ((text = lines.readLine()) != null) {
                lineNumber++;
                if (text.isBlank()) {
                    continue;
                }
                texts.add(text);
                numbers.add(lineNumber);
                if (texts.size() == BATCH) {
                    applyBatch(numbers, texts, results);
                    texts.clear();
                    numbers.clear();
                }
            }
            if (!texts.isEmpty()) {
                applyBatch(numbers, texts, results);
            }
            resultsOut.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ImportSummary(results.succeeded() + results.failed(), results.succeeded(), results.failed());
    }

    private void applyBatch(List<Long> numbers, List<String> texts, ImportResults results) {
        Outcome[] outcomes = new Outcome[texts.size()];
        List<ImportLine> parsed = new ArrayList<>();
        List<Integer> parsedAt = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                parsed.add(ImportLine.parse(numbers.get(i), texts.get(i)));
                parsedAt.add(i);
            } catch (RoostException e) {
                outcomes[i] = Outcome.error(ImportLine.idOf(texts.get(i)), e);
            }
        }
        Set<String> ids = new LinkedHashSet<>();
        parsed.forEach(l -> ids.add(l.spec().deviceId()));
        Map<String, Device> state = new HashMap<>(store.findAll(ids));
        Instant now = clock.instant();
        List<StoreMutation> mutations = new ArrayList<>();
        List<Integer> mutationAt = new ArrayList<>();
        for (int p = 0; p < parsed.size(); p++) {
            ImportLine line = parsed.get(p);
            int at = parsedAt.get(p);
            try {
                Planned plan = plan(line, state.get(line.spec().deviceId()), now);
                state.put(line.spec().deviceId(), plan.after);
                mutations.add(plan.mutation);
                mutationAt.add(at);
                outcomes[at] = new Outcome(line.spec().deviceId(), plan.result, null, plan.before, plan.after);
            } catch (RoostException e) {
                outcomes[at] = Outcome.error(line.spec().deviceId(), e);
            }
        }
        try {
            List<Boolean> applied = store.applyBatch(mutations);
            for (int m = 0; m < applied.size(); m++) {
                int at = mutationAt.get(m);
                if (applied.get(m)) {
                    committed.accept(outcomes[at].before, outcomes[at].after);
                } else {
                    outcomes[at] = Outcome.error(outcomes[at].id, new RoostException(Status.PRECONDITION_FAILED,
                            "the device changed during the import"));
                }
            }
        } catch (RoostException e) {
            if (mutationAt.isEmpty()) {
                throw e;
            }
            if (texts.size() > 1) {
                for (int i = 0; i < texts.size(); i++) {
                    applyBatch(List.of(numbers.get(i)), List.of(texts.get(i)), results);
                }
                return;
            }
            outcomes[mutationAt.get(0)] = Outcome.error(outcomes[mutationAt.get(0)].id, e);
        }
        for (int i = 0; i < outcomes.length; i++) {
            Outcome o = outcomes[i];
            if (o.failure == null) {
                results.success(numbers.get(i), o.id, o.result);
            } else {
                results.error(numbers.get(i), o.id, o.failure.status(), o.failure.getMessage());
            }
        }
    }

    private static Planned plan(ImportLine line, Device current, Instant now) {
        DeviceSpec spec = line.spec();
        String id = spec.deviceId();
        boolean exists = current != null;
        switch (line.mode()) {
            case CREATE:
                if (exists) {
                    throw new RoostException(Status.CONFLICT, "device " + id + " already exists");
                }
                return insert(spec, now);
            case CREATE_OR_UPDATE:
                return exists ? update(spec, current, now) : insert(spec, now);
            case UPDATE:
                requireExists(id, current);
                return update(spec, current, now);
            case UPDATE_IF_MATCH_ETAG:
                requireExists(id, current);
                requireEtag(spec, current);
                return update(spec, current, now);
            case DELETE:
                requireExists(id, current);
                return new Planned(new StoreMutation.Delete(id, current.etag()), "deleted", current, null);
            case DELETE_IF_MATCH_ETAG:
                requireExists(id, current);
                requireEtag(spec, current);
                return new Planned(new StoreMutation.Delete(id, current.etag()), "deleted", current, null);
            default:
                throw new IllegalStateException("unhandled import mode " + line.mode());
        }
    }

    private static Planned insert(DeviceSpec spec, Instant now) {
        Device created = spec.toNewDevice(now);
        return new Planned(new StoreMutation.Insert(created), "created", null, created);
    }

    private static Planned update(DeviceSpec spec, Device current, Instant now) {
        Device updated = spec.replacing(current, now);
        return new Planned(new StoreMutation.Update(updated, current.etag()), "updated", current, updated);
    }

    private static void requireExists(String id, Device current) {
        if (current == null) {
            throw new RoostException(Status.NOT_FOUND, "device " + id + " does not exist");
        }
    }

    private static void requireEtag(DeviceSpec spec, Device current) {
        if (!spec.etag().equals(current.etag())) {
            throw new RoostException(Status.PRECONDITION_FAILED, "the eTag of device " + spec.deviceId() + " does not match");
        }
    }

    private record Planned(StoreMutation mutation, String result, Device before, Device after) {
    }

    private record Outcome(String id, String result, RoostException failure, Device before, Device after) {
        static Outcome error(String id, RoostException e) {
            return new Outcome(id, null, e, null, null);
        }
    }
}
