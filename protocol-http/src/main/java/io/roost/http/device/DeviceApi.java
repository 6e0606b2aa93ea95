package io.roost.http.device;

import io.netty.handler.codec.http.HttpMethod;
import io.roost.core.c2d.C2dQueues;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.core.log.TelemetryLog;
import io.roost.core.message.TelemetryMessage;
import io.roost.core.metrics.DeviceMetrics;
import io.roost.core.metrics.ProtocolMetrics;
import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationsLog;
import io.roost.core.operations.ProtocolOperations;
import io.roost.core.throttle.Throttle;
import io.roost.core.throttle.ThrottleDecision;
import io.roost.core.throttle.ThrottleKind;
import io.roost.core.throttle.ThrottledException;
import io.roost.http.HttpReply;
import io.roost.http.RouteRequest;
import io.roost.http.Routes;
import io.roost.registry.DeviceRegistry;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * IoT Hub's HTTP device API (design.md section 6), for devices that cannot keep a connection:
 * <ul>
 *   <li>{@code POST /devices/{id}/messages/events}: a D2C message, answered 204 once it is durable
 *       in the log;</li>
 *   <li>{@code GET /devices/{id}/messages/deviceBound}: the next C2D message, locked, with its lock
 *       token as {@code ETag} (200), or 204 when none waits;</li>
 *   <li>{@code DELETE /devices/{id}/messages/deviceBound/{etag}}: complete, or with {@code ?reject}
 *       reject;</li>
 *   <li>{@code POST /devices/{id}/messages/deviceBound/{etag}/abandon}: abandon.</li>
 * </ul>
 * Every request carries the device's SAS token. {@code deviceBound} is also accepted as
 * {@code devicebound}, which the Azure device SDK for Java sends. An empty poll is answered from
 * memory (no store access); polls over {@link PollThrottle}'s rate get 429. A D2C message over
 * the device's or the hub's rate ({@link Throttle}) gets 429 {@code ThrottlingException} with
 * {@code Retry-After} and is not appended. Handlers never block:
 * appends and queue work complete on their own threads. Thread-safe.
 */
public final class DeviceApi {

    /** The {@code protocol} of its meters and operations events. */
    public static final String PROTOCOL = "http";
    /** IoT Hub's D2C limit, as over MQTT. */
    static final int MAX_TELEMETRY_BYTES = 256 * 1024;
    static final String EVENTS = "/devices/{id}/messages/events";
    private static final String[] DEVICE_BOUND = {"deviceBound", "devicebound"};

    private final TelemetryLog log;
    private final C2dQueues c2d;
    private final ProtocolMetrics metrics;
    private final DeviceAuthentication authentication;
    private final ProtocolOperations operations;
    private final PollThrottle polls;
    private final Throttle throttle;

    /**
     * @param operations where refused requests are reported (operations log)
     * @param clock the time of those reports
     */
    public DeviceApi(DeviceRegistry registry, TelemetryLog log, C2dQueues c2d, DeviceMetrics metrics,
            OperationsLog operations, Clock clock) {
        this(registry, log, c2d, metrics, operations, clock, Throttle.unlimited());
    }

    /** @param throttle the D2C limits of devices and of the hub */
    public DeviceApi(DeviceRegistry registry, TelemetryLog log, C2dQueues c2d, DeviceMetrics metrics,
            OperationsLog operations, Clock clock, Throttle throttle) {
        this(registry, log, c2d, metrics, new ProtocolOperations(operations, PROTOCOL, clock),
                PollThrottle.DEFAULT_POLLS_PER_SECOND, throttle);
    }

    DeviceApi(DeviceRegistry registry, TelemetryLog log, C2dQueues c2d, DeviceMetrics metrics,
            ProtocolOperations operations, int pollsPerSecond, Throttle throttle) {
        this.log = log;
        this.c2d = c2d;
        this.metrics = metrics.protocol(PROTOCOL);
        this.operations = operations;
        this.authentication = new DeviceAuthentication(registry, this.metrics, operations);
        this.polls = new PollThrottle(pollsPerSecond);
        this.throttle = throttle;
    }

    public Routes.Builder addTo(Routes.Builder routes) {
        routes.addAsync(HttpMethod.POST, EVENTS, this::sendTelemetry);
        for (String deviceBound : DEVICE_BOUND) {
            String queue = "/devices/{id}/messages/" + deviceBound;
            routes.addAsync(HttpMethod.GET, queue, this::receive)
                    .addAsync(HttpMethod.DELETE, queue + "/{etag}", this::completeOrReject)
                    .addAsync(HttpMethod.POST, queue + "/{etag}/abandon", this::abandon);
        }
        return routes;
    }

    CompletableFuture<HttpReply> sendTelemetry(RouteRequest request) {
        long receivedNanos = System.nanoTime();
        String deviceId = request.pathParam("id");
        return authentication.require(request, deviceId).thenCompose(device -> {
            byte[] body = request.body();
            if (body.length > MAX_TELEMETRY_BYTES) {
                operations.failure(OperationCategory.DeviceTelemetry, "OVERSIZED_MESSAGE", 413, deviceId,
                        request.remoteAddress(), body.length + " bytes, the limit is " + MAX_TELEMETRY_BYTES);
                throw new RoostException(Status.PAYLOAD_TOO_LARGE, "MessageTooLarge",
                        "a D2C message may have " + MAX_TELEMETRY_BYTES + " bytes, this one has " + body.length, null);
            }
            ThrottleDecision decision = throttle.messageRequested(deviceId, PROTOCOL, request.remoteAddress());
            if (!decision.allowed()) {
                throw new ThrottledException(decision, decision.kind() == ThrottleKind.HUB
                        ? "the hub receives more than " + throttle.settings().hubMessagesPerSecond() + " messages a second"
                        : "device " + deviceId + " sends more than " + throttle.settings().deviceMessagesPerSecond()
                                + " messages a second; retry after " + decision.retryAfterSeconds() + " s");
            }
            TelemetryMessage message = TelemetryHeaders.message(deviceId, request.headers(), body);
            return log.append(message).thenApply(appended -> {
                metrics.telemetryAppended(body.length);
                metrics.telemetryAcknowledged(System.nanoTime() - receivedNanos);
                return HttpReply.noContent();
            });
        });
    }

    CompletableFuture<HttpReply> receive(RouteRequest request) {
        String deviceId = request.pathParam("id");
        return authentication.require(request, deviceId).thenCompose(device -> {
            if (!polls.tryPoll(deviceId, System.nanoTime())) {
                throw new RoostException(Status.TOO_MANY_REQUESTS, "ThrottlingException",
                        "device " + deviceId + " polls more than " + PollThrottle.DEFAULT_POLLS_PER_SECOND
                                + " times a second; slow down", null);
            }
            return c2d.receive(deviceId);
        }).thenApply(received -> received.map(C2dReply::of).orElseGet(HttpReply::noContent));
    }

    CompletableFuture<HttpReply> completeOrReject(RouteRequest request) {
        String deviceId = request.pathParam("id");
        String lockToken = unquoted(request.pathParam("etag"));
        // The Azure device SDK for Java writes "??reject=true": its query's first name is "?reject".
        boolean reject = request.queryParam("reject").or(() -> request.queryParam("?reject"))
                .map(value -> !value.equalsIgnoreCase("false")).orElse(false);
        return authentication.require(request, deviceId)
                .thenCompose(device -> reject ? c2d.reject(deviceId, lockToken) : c2d.complete(deviceId, lockToken))
                .thenApply(message -> HttpReply.noContent());
    }

    CompletableFuture<HttpReply> abandon(RouteRequest request) {
        String deviceId = request.pathParam("id");
        String lockToken = unquoted(request.pathParam("etag"));
        return authentication.require(request, deviceId)
                .thenCompose(device -> c2d.abandon(deviceId, lockToken))
                .thenApply(message -> HttpReply.noContent());
    }

    /** An etag may come back quoted, as the ETag header carried it, or bare, as the SDK sends it. */
    private static String unquoted(String etag) {
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }
}
