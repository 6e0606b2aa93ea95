package io.roost.http.c2d;

import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.C2dQueues;
import io.roost.http.HttpReply;
import io.roost.http.RouteRequest;
import io.roost.http.registry.ServiceAuthorization;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.device.Device;
import io.roost.registry.policy.Permission;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A device's queue from the service side: send a message ({@code POST
 * /devices/{id}/messages/deviceBound}, a Roost extension) and purge the queue ({@code DELETE
 * /devices/{id}/commands}, IoT Hub's). Both need ServiceConnect and a device the registry knows.
 * Every handler returns at once: the token check is HMAC only, the device lookup runs on the
 * registry's workers and the queue work on the queues' store thread. Thread-safe.
 */
final class DeviceQueueRoutes {

    private final DeviceRegistry registry;
    private final C2dQueues queues;
    private final ServiceAuthorization authorization;

    DeviceQueueRoutes(DeviceRegistry registry, C2dQueues queues, ServiceAuthorization authorization) {
        this.registry = registry;
        this.queues = queues;
        this.authorization = authorization;
    }

    /** 201 with where the message went, once it is durable in the device's queue. */
    CompletableFuture<HttpReply> send(RouteRequest request) {
        String deviceId = request.pathParam("id");
        return authorization.require(request, Permission.SERVICE_CONNECT)
                .thenCompose(policy -> {
                    C2dMessage message = C2dSendRequest.parse(request, () -> UUID.randomUUID().toString());
                    // The generation goes into feedback, so a sender can tell a re-created device from the old one.
                    return device(deviceId).thenCompose(device -> queues.send(deviceId, device.generationId(), message));
                })
                .thenApply(queued -> HttpReply.json(201, C2dJson.sent(queued)));
    }

    /** 200 with IoT Hub's PurgeMessageQueueResult. */
    CompletableFuture<HttpReply> purge(RouteRequest request) {
        String deviceId = request.pathParam("id");
        return authorization.require(request, Permission.SERVICE_CONNECT)
                .thenCompose(policy -> device(deviceId))
                .thenCompose(device -> queues.purge(deviceId))
                .thenApply(count -> HttpReply.json(200, C2dJson.purged(deviceId, count)));
    }

    private CompletableFuture<Device> device(String deviceId) {
        return registry.get(deviceId).exceptionally(failure -> {
            throw C2dErrors.deviceLookup(failure);
        });
    }
}
