package io.roost.http.device;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.core.message.SystemProperty;
import io.roost.core.message.TelemetryMessage;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a D2C message from a device's {@code POST /devices/{id}/messages/events}: the body as is,
 * {@code iothub-messageid}, {@code iothub-correlationid}, {@code iothub-userid},
 * {@code iothub-contenttype} (else {@code Content-Type} unless it is the SDK's generic
 * {@code binary/octet-stream}), {@code iothub-contentencoding}, and every {@code iothub-app-{name}}
 * header as application property {@code name}. Stamps the connection device id and auth method
 * itself. Stateless; thread-safe.
 */
final class TelemetryHeaders {

    static final String APP_PREFIX = "iothub-app-";
    private static final Map<String, String> SYSTEM_HEADERS = Map.of(
            "iothub-messageid", SystemProperty.MESSAGE_ID,
            "iothub-correlationid", SystemProperty.CORRELATION_ID,
            "iothub-userid", SystemProperty.USER_ID,
            "iothub-contenttype", SystemProperty.CONTENT_TYPE,
            "iothub-contentencoding", SystemProperty.CONTENT_ENCODING);

    private TelemetryHeaders() {
    }

    /** @throws RoostException BAD_REQUEST for an {@code iothub-app-} header without a name or a wrong {@code iothub-to} */
    static TelemetryMessage message(String deviceId, HttpHeaders headers, byte[] body) {
        Map<String, String> system = new LinkedHashMap<>();
        Map<String, String> application = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith(APP_PREFIX)) {
                String property = header.getKey().substring(APP_PREFIX.length());
                if (property.isEmpty()) {
                    throw new RoostException(Status.BAD_REQUEST, "an iothub-app- header needs a property name after the prefix");
                }
                application.put(property, header.getValue());
            } else if (SYSTEM_HEADERS.containsKey(name)) {
                system.put(SYSTEM_HEADERS.get(name), header.getValue());
            }
        }
        String to = headers.get("iothub-to");
        if (to != null && !to.equalsIgnoreCase("/devices/" + deviceId + "/messages/events")) {
            throw new RoostException(Status.BAD_REQUEST, "iothub-to names " + to + ", not this device's events");
        }
        String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (!system.containsKey(SystemProperty.CONTENT_TYPE) && contentType != null
                && !contentType.equalsIgnoreCase("binary/octet-stream")) {
            system.put(SystemProperty.CONTENT_TYPE, contentType);
        }
        system.put(SystemProperty.CONNECTION_DEVICE_ID, deviceId);
        system.put(SystemProperty.CONNECTION_AUTH_METHOD, SystemProperty.SAS_DEVICE_AUTH_METHOD);
        return new TelemetryMessage(deviceId, system, application, body);
    }
}
