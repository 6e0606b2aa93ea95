package io.roost.http.registry;

import io.netty.handler.codec.http.HttpMethod;
import io.roost.core.throttle.Throttle;
import io.roost.http.Routes;
import io.roost.registry.DeviceRegistry;
import io.roost.registry.device.Device;
import java.util.function.UnaryOperator;

/**
 * Adds IoT Hub's registry API to a route table (docs/registry.md, "REST API"). Every route needs a
 * shared access policy token: RegistryRead to read, RegistryWrite to change.
 *
 * <p>{@code /devices/import} and {@code /devices/export} are exact paths, which win over the
 * {@code /devices/{id}} template; so that devices named {@code import} or {@code export} stay
 * reachable, those paths also answer the device methods they do not use for bulk work.
 */
public final class RegistryRoutes {

    public static final String DEVICES = "/devices";
    public static final String DEVICE = "/devices/{id}";
    public static final String IMPORT = "/devices/import";
    public static final String EXPORT = "/devices/export";

    /**
     * Largest import body, for requests with a RegistryWrite token. 100,000 devices in IoT Hub's
     * import format with keys are about 20 MB; every other route (and an import without such a
     * token) keeps the listener's 1 MiB default.
     */
    public static final int MAX_IMPORT_BODY_BYTES = 64 * 1024 * 1024;

    private RegistryRoutes() {
    }

    /** The routes with devices as the registry stores them (no runtime state overlaid). */
    public static Routes.Builder addTo(Routes.Builder routes, DeviceRegistry registry) {
        return addTo(routes, registry, UnaryOperator.identity());
    }

    /**
     * @param runtimeState overlays on each device returned what the registry does not store: its
     *     C2D queue depth ({@code cloudToDeviceMessageCount}), its connection state
     */
    public static Routes.Builder addTo(Routes.Builder routes, DeviceRegistry registry, UnaryOperator<Device> runtimeState) {
        return addTo(routes, registry, runtimeState, Throttle.unlimited());
    }

    /**
     * @param throttle limits each shared access policy's requests ({@code throttle.registry.*}):
     *     over it, 429 {@code ThrottlingException} with {@code Retry-After}
     */
    public static Routes.Builder addTo(Routes.Builder routes, DeviceRegistry registry, UnaryOperator<Device> runtimeState,
            Throttle throttle) {
        ServiceAuthorization authorization = new ServiceAuthorization(registry, throttle);
        DeviceRoutes devices = new DeviceRoutes(registry, authorization, runtimeState);
        BulkRoutes bulk = new BulkRoutes(registry, authorization);
        return routes
                .addAsync(HttpMethod.GET, DEVICES, devices::list)
                .addAsync(HttpMethod.PUT, DEVICE, devices::put)
                .addAsync(HttpMethod.GET, DEVICE, devices::get)
                .addAsync(HttpMethod.DELETE, DEVICE, devices::delete)
                .addAsync(HttpMethod.POST, IMPORT, bulk::importDevices)
                // Only a request whose token may write gets the large limit: checked from the
                // headers (HMAC only) before the body is buffered, so strangers get 413 at 1 MiB.
                .bodyLimit(IMPORT, MAX_IMPORT_BODY_BYTES, authorization::mayWrite)
                .addAsync(HttpMethod.PUT, IMPORT, request -> devices.put(request, "import"))
                .addAsync(HttpMethod.GET, IMPORT, request -> devices.get(request, "import"))
                .addAsync(HttpMethod.DELETE, IMPORT, request -> devices.delete(request, "import"))
                .addAsync(HttpMethod.GET, EXPORT, bulk::exportDevices)
                .addAsync(HttpMethod.PUT, EXPORT, request -> devices.put(request, "export"))
                .addAsync(HttpMethod.DELETE, EXPORT, request -> devices.delete(request, "export"));
    }
}
