package io.roost.registry;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.registry.auth.TokenAuthenticator;
import io.roost.registry.bulk.BulkExporter;
import io.roost.registry.bulk.BulkImporter;
import io.roost.registry.bulk.ImportSummary;
import io.roost.registry.cache.DeviceCache;
import io.roost.registry.device.Device;
import io.roost.registry.device.DeviceId;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.device.DeviceStatus;
import io.roost.registry.device.Etags;
import io.roost.registry.device.SymmetricKey;
import io.roost.registry.events.RegistryEvent;
import io.roost.registry.events.RegistryEvents;
import io.roost.registry.events.RegistryOperation;
import io.roost.registry.policy.HubIdentity;
import io.roost.registry.policy.Permission;
import io.roost.registry.policy.SharedAccessPolicy;
import io.roost.registry.revocation.DeviceRevocationListener;
import io.roost.registry.revocation.RevocationNotifier;
import io.roost.registry.sas.SasToken;
import io.roost.registry.store.RegistryStore;
import io.roost.registry.store.SqliteRegistryStore;
import java.io.BufferedReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity registry service: device CRUD with etags, listing, status and key changes, bulk
 * import/export, and SAS authentication of devices and services.
 *
 * <p>Threading: every store call runs on the registry's bounded worker pool, never on the caller's
 * thread, so callers on an event loop may use it freely. Authentication of a cached device, and of
 * a policy token, completes on the caller's thread (HMAC only, no I/O). Futures fail with
 * {@link RoostException} (wrapped in {@link CompletionException} when observed through {@code join});
 * a full worker queue fails with UNAVAILABLE. Thread-safe.
 *
 * <p>After every committed change the cache entry is dropped, then revocation listeners run (on
 * the worker), then the future completes.
 */
public final class DeviceRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);
    private static final int MAX_PAGE = 1000;
    private static final int OPTIMISTIC_RETRIES = 5;

    private final RegistryStore store;
    private final Clock clock;
    private final ExecutorService worker;
    private final DeviceCache cache;
    private final TokenAuthenticator authenticator;
    private final RegistryEvents events;
    private final String hubName;
    private final RevocationNotifier revocation = new RevocationNotifier();

    /**
     * @param store owned: closed by {@link #close()}
     * @param worker owned: shut down by {@link #close()}
     */
    public DeviceRegistry(RegistryStore store, HubIdentity hub, Clock clock, ExecutorService worker,
                          RegistryOptions options, RegistryEvents events) {
        this.store = store;
        this.clock = clock;
        this.worker = worker;
        this.cache = new DeviceCache(options.cacheEntries());
        this.authenticator = new TokenAuthenticator(hub, options.maxTokenLifetime(), clock);
        this.events = events;
        this.hubName = hub.hubName();
    }

    /** The hub's name: the first label of its host name, and the entity name of its Event Hubs-compatible endpoint. */
    public String hubName() {
        return hubName;
    }

    /** Opens the SQLite registry in {@code dataDir} with its own worker pool. Blocking; call at start-up. */
    public static DeviceRegistry open(Path dataDir, HubIdentity hub, Clock clock, RegistryOptions options,
                                      RegistryEvents events) {
        return new DeviceRegistry(SqliteRegistryStore.open(dataDir), hub, clock,
                RegistryWorkers.create(options.workerThreads(), options.workerQueue()), options, events);
    }

    public void addRevocationListener(DeviceRevocationListener listener) {
        revocation.add(listener);
    }

    public void removeRevocationListener(DeviceRevocationListener listener) {
        revocation.remove(listener);
    }

    /**
     * Creates a device; missing keys are generated. Completes with the stored device once durable.
     * Fails BAD_REQUEST (invalid id or keys), CONFLICT (id exists).
     */
    public CompletableFuture<Device> create(DeviceSpec spec) {
        return run(RegistryOperation.CREATE, spec.deviceId(), () -> {
            Device created = spec.toNewDevice(clock.instant());
            store.insert(created);
            committed(null, created);
            return created;
        });
    }

    /**
     * Replaces a device if its etag matches {@code ifMatch} ({@code *} or null: any). Keys are
     * kept when the spec gives none. Completes with the stored device once durable. Fails
     * NOT_FOUND, PRECONDITION_FAILED, BAD_REQUEST.
     */
    public CompletableFuture<Device> replace(DeviceSpec spec, String ifMatch) {
        String expected = etagCondition(ifMatch);
        return run(RegistryOperation.REPLACE, spec.deviceId(), () -> {
            DeviceId.requireValid(spec.deviceId());
            return updateWithRetry(spec.deviceId(), expected, current -> spec.replacing(current, clock.instant()));
        });
    }

    /** Completes with the device (keys included); fails NOT_FOUND. */
    public CompletableFuture<Device> get(String deviceId) {
        return run(RegistryOperation.GET, deviceId, () -> load(deviceId));
    }

    /**
     * Deletes a device if its etag matches {@code ifMatch} ({@code *} or null: any). Completes once
     * the delete is durable. Fails NOT_FOUND, PRECONDITION_FAILED.
     */
    public CompletableFuture<Void> delete(String deviceId, String ifMatch) {
        String expected = etagCondition(ifMatch);
        return run(RegistryOperation.DELETE, deviceId, () -> {
            Device current = load(deviceId);
            if (expected != null && !expected.equals(current.etag())) {
                throw etagMismatch(deviceId);
            }
            // With "*" a concurrent change between the read and the delete must not turn into a 412.
            if (!store.delete(deviceId, expected == null ? null : current.etag())) {
                throw store.find(deviceId).isPresent() ? etagMismatch(deviceId) : notFound(deviceId);
            }
            committed(current, null);
            return null;
        });
    }

    /**
     * Completes with up to {@code top} devices (1..1000) after the {@code continuation} of a
     * previous page (null: the first page).
     */
    public CompletableFuture<DevicePage> list(int top, String continuation) {
        return run(RegistryOperation.LIST, null, () -> {
            if (top < 1 || top > MAX_PAGE) {
                throw new RoostException(Status.BAD_REQUEST, "top must be between 1 and " + MAX_PAGE);
            }
            List<Device> page = store.list(top, decodeContinuation(continuation));
            String next = page.size() < top ? null : encodeContinuation(page.get(page.size() - 1).deviceId());
            return new DevicePage(page, next);
        });
    }

    /** Replaces the chosen key(s) with fresh random ones; revokes live sessions. Completes with the device. */
    public CompletableFuture<Device> regenerateKeys(String deviceId, KeySlot slot) {
        return run(RegistryOperation.REGENERATE_KEYS, deviceId, () -> updateWithRetry(deviceId, null, current -> {
            SymmetricKey old = current.authentication().symmetricKey();
            String primary = slot == KeySlot.SECONDARY && old != null ? old.primaryKey() : SymmetricKey.randomKey();
            String secondary = slot == KeySlot.PRIMARY && old != null ? old.secondaryKey() : SymmetricKey.randomKey();
            return DeviceSpec.of(deviceId).withStatus(current.status(), current.statusReason())
                    .withKeys(primary, secondary).replacing(current, clock.instant());
        }));
    }

    public CompletableFuture<Device> disable(String deviceId, String reason) {
        return setStatus(deviceId, DeviceStatus.DISABLED, reason);
    }

    public CompletableFuture<Device> enable(String deviceId) {
        return setStatus(deviceId, DeviceStatus.ENABLED, null);
    }

    /** Sets the status (disabling revokes live sessions). Completes with the device once durable. */
    public CompletableFuture<Device> setStatus(String deviceId, DeviceStatus status, String reason) {
        return run(RegistryOperation.SET_STATUS, deviceId, () -> updateWithRetry(deviceId, null, current -> {
            DeviceSpec spec = new DeviceSpec(deviceId, null, status, reason, current.authentication().type(),
                    null, null, current.authentication().x509Thumbprint());
            return spec.replacing(current, clock.instant());
        }));
    }

    /**
     * Authenticates a device by its SAS token. Completes with the device when the device exists, is
     * enabled and the token is valid for it; on a cache hit this completes on the caller's thread.
     * Fails UNAUTHORIZED (unknown or disabled device, bad token) or FORBIDDEN.
     */
    public CompletableFuture<Device> authenticateDevice(String deviceId, String sasToken) {
        SasToken token;
        try {
            token = SasToken.parse(sasToken);
        } catch (RoostException e) {
            return CompletableFuture.failedFuture(e);
        }
        Device cached = cache.get(deviceId);
        if (cached != null) {
            try {
                return CompletableFuture.completedFuture(authenticator.admitDevice(deviceId, cached, token));
            } catch (RoostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        if (!DeviceId.isValid(deviceId)) {
            return CompletableFuture.failedFuture(
                    new RoostException(Status.UNAUTHORIZED, "unauthorized: unknown device or bad token"));
        }
        return submit(() -> authenticator.admitDevice(deviceId, loadCached(deviceId), token));
    }

    /**
     * Authenticates a back-end service by a policy token whose {@code sr} is the hub (or covers it).
     * Completes on the caller's thread with the policy. Fails UNAUTHORIZED or FORBIDDEN.
     */
    public CompletableFuture<SharedAccessPolicy> authenticatePolicy(String sasToken, Permission required) {
        try {
            return CompletableFuture.completedFuture(
                    authenticator.admitService(SasToken.parse(sasToken), required, List.of()));
        } catch (RoostException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Authenticates a reader of the Event Hubs-compatible endpoint by a policy token signed either as
     * IoT Hub signs (base64-decoded key) or as Event Hubs clients sign (the key string's UTF-8 bytes),
     * whose {@code sr} is the host or names the hub's entity. Completes on the caller's thread with
     * the policy. Fails UNAUTHORIZED or FORBIDDEN.
     */
    public CompletableFuture<SharedAccessPolicy> authenticateEventHubsPolicy(String sasToken, Permission required) {
        try {
            return CompletableFuture.completedFuture(
                    authenticator.admitEventHubsService(SasToken.parse(sasToken), required));
        } catch (RoostException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Imports JSON lines (IoT Hub's import format) from {@code lines}, writing one result line per
     * input line to {@code results}. Runs on the worker; completes with the counts once every
     * applied change is durable. Bad lines are reported and change nothing.
     */
    public CompletableFuture<ImportSummary> importDevices(BufferedReader lines, Writer results) {
        return run(RegistryOperation.IMPORT, null,
                () -> new BulkImporter(store, clock, this::committed).run(lines, results));
    }

    /** Writes every device as a JSON line (IoT Hub's export format); keys only when asked. Completes with the count. */
    public CompletableFuture<Long> exportDevices(Writer out, boolean includeKeys) {
        return run(RegistryOperation.EXPORT, null, () -> BulkExporter.run(store, out, includeKeys));
    }

    /** Stops the worker (waiting briefly for queued calls) and closes the store. */
    @Override
    public void close() {
        RegistryWorkers.shutdown(worker);
        store.close();
    }

    private Device updateWithRetry(String deviceId, String expected, UnaryOperator<Device> change) {
        for (int attempt = 0; attempt < OPTIMISTIC_RETRIES; attempt++) {
            Device current = load(deviceId);
            if (expected != null && !expected.equals(current.etag())) {
                throw etagMismatch(deviceId);
            }
            Device updated = change.apply(current);
            if (store.update(updated, current.etag())) {
                committed(current, updated);
                return updated;
            }
            if (expected != null) {
                throw store.find(deviceId).isPresent() ? etagMismatch(deviceId) : notFound(deviceId);
            }
        }
        throw new RoostException(Status.CONFLICT, "device " + deviceId + " is changing too often; retry");
    }

    /** Runs after a change is durable: cache first, so no later authentication sees the old device. */
    private void committed(Device before, Device after) {
        cache.invalidate(before != null ? before.deviceId() : after.deviceId());
        revocation.changed(before, after);
    }

    private Device load(String deviceId) {
        DeviceId.requireValid(deviceId);
        return store.find(deviceId).orElseThrow(() -> notFound(deviceId));
    }

    private Device loadCached(String deviceId) {
        long epoch = cache.epoch();
        Device device = store.find(deviceId).orElse(null);
        if (device != null) {
            cache.putIfUnchanged(device, epoch);
        }
        return device;
    }

    private <T> CompletableFuture<T> run(RegistryOperation op, String deviceId, Supplier<T> work) {
        return submit(work).whenComplete((result, failure) -> report(op, deviceId, failure));
    }

    private <T> CompletableFuture<T> submit(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, worker);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(
                    new RoostException(Status.UNAVAILABLE, "the registry is busy; retry later", e));
        }
    }

    private void report(RegistryOperation op, String deviceId, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        int code = 200;
        String reason = null;
        if (cause instanceof RoostException re) {
            code = re.status().code();
            reason = re.getMessage();
        } else if (cause != null) {
            code = Status.INTERNAL_ERROR.code();
            reason = "internal error";
            LOG.error("Registry {} of {} failed", op, deviceId, cause);
        }
        LOG.debug("Registry {} device={} status={}", op, deviceId, code);
        try {
            events.onOperation(new RegistryEvent(clock.instant(), op, deviceId, code, reason));
        } catch (RuntimeException e) {
            LOG.warn("Registry event listener failed", e);
        }
    }

    private static String etagCondition(String ifMatch) {
        String v = Etags.unquote(ifMatch);
        return v == null || Etags.ANY.equals(v) ? null : v;
    }

    private static String encodeContinuation(String deviceId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(deviceId.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeContinuation(String continuation) {
        if (continuation == null || continuation.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(continuation), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RoostException(Status.BAD_REQUEST, "the continuation token is not valid");
        }
    }

    private static RoostException notFound(String deviceId) {
        return new RoostException(Status.NOT_FOUND, "device " + deviceId + " does not exist");
    }

    private static RoostException etagMismatch(String deviceId) {
        return new RoostException(Status.PRECONDITION_FAILED, "the etag of device " + deviceId + " does not match");
    }
}
