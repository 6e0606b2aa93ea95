package io.roost.http.c2d;

import io.netty.handler.codec.http.HttpMethod;
import io.roost.core.c2d.C2dQueues;
import io.roost.core.c2d.RejectCounts;
import io.roost.http.HttpReply;
import io.roost.http.RouteRequest;
import io.roost.http.Routes;
import io.roost.http.registry.ServiceAuthorization;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.policy.Permission;
import java.util.concurrent.CompletableFuture;

/**
 * Adds the service side of cloud-to-device messaging to a route table (docs/cloud-to-device.md):
 * send (a Roost extension), purge, feedback receive/complete/abandon, and the devices that reject
 * the most. Every route needs a policy token with ServiceConnect. A send body is limited to the
 * queues' maximum (64 KiB) before it is buffered.
 */
public final class C2dRoutes {

    public static final String SEND = "/devices/{id}/messages/deviceBound";
    public static final String PURGE = "/devices/{id}/commands";
    public static final String FEEDBACK = "/messages/serviceBound/feedback";
    public static final String FEEDBACK_LOCK = "/messages/serviceBound/feedback/{lockToken}";
    public static final String FEEDBACK_ABANDON = "/messages/serviceBound/feedback/{lockToken}/abandon";
    public static final String REJECTS = "/messages/deviceBound/rejects";

    static final int DEFAULT_TOP = 10;
    static final int MAX_TOP = 1000;

    private C2dRoutes() {
    }

    public static Routes.Builder addTo(Routes.Builder routes, DeviceRegistry registry, C2dQueues queues,
            RejectCounts rejects) {
        ServiceAuthorization authorization = new ServiceAuthorization(registry);
        DeviceQueueRoutes devices = new DeviceQueueRoutes(registry, queues, authorization);
        FeedbackRoutes feedback = new FeedbackRoutes(queues.feedback(), authorization);
        return routes
                .addAsync(HttpMethod.POST, SEND, devices::send)
                // Smaller than the default: a message over the queues' limit is refused unread.
                .bodyLimit(SEND, queues.settings().maxBodyBytes(), headers -> true)
                .addAsync(HttpMethod.DELETE, PURGE, devices::purge)
                .addAsync(HttpMethod.GET, FEEDBACK, feedback::receive)
                .addAsync(HttpMethod.DELETE, FEEDBACK_LOCK, feedback::complete)
                .addAsync(HttpMethod.POST, FEEDBACK_ABANDON, feedback::abandon)
                .addAsync(HttpMethod.GET, REJECTS, request -> topRejects(request, authorization, rejects));
    }

    /** {@code GET /messages/deviceBound/rejects?top=N}: the devices with the most rejected messages. */
    static CompletableFuture<HttpReply> topRejects(RouteRequest request, ServiceAuthorization authorization,
            RejectCounts rejects) {
        return authorization.require(request, Permission.SERVICE_CONNECT)
                .thenApply(policy -> HttpReply.json(200, C2dJson.rejects(rejects.top(top(request)))));
    }

    private static int top(RouteRequest request) {
        String text = request.queryParam("top").map(String::trim).orElse("");
        if (text.isEmpty()) {
            return DEFAULT_TOP;
        }
        try {
            int top = Integer.parseInt(text);
            if (top >= 1 && top <= MAX_TOP) {
                return top;
            }
        } catch (NumberFormatException e) {
            // Answered below.
        }
        throw C2dErrors.argumentInvalid("top must be a number from 1 to " + MAX_TOP + ", not '" + text + "'");
    }
}
