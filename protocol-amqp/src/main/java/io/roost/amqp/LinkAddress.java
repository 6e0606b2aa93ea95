package io.roost.amqp;

import io.roost.registry.device.DeviceId;

/**
 * The node a link attaches to, as the Azure SDKs write it: {@code $cbs}; device links
 * {@code /devices/{id}/messages/events}, {@code /devices/{id}/messages/devicebound},
 * {@code /devices/{id}/twin}, {@code /devices/{id}/methods/devicebound}; service links
 * {@code /messages/devicebound} (C2D send) and {@code /messages/servicebound/feedback} (case
 * ignored, as the REST path is {@code serviceBound}). Immutable.
 *
 * @param deviceId the device named in the address, null for {@code $cbs} and unknown addresses
 */
record LinkAddress(Kind kind, String deviceId) {

    enum Kind { CBS, EVENTS, DEVICEBOUND, TWIN, METHODS, SERVICE_C2D_SEND, SERVICE_FEEDBACK, UNKNOWN }

    static final String CBS = "$cbs";

    static LinkAddress parse(String address) {
        if (address == null) {
            return new LinkAddress(Kind.UNKNOWN, null);
        }
        if (address.equals(CBS)) {
            return new LinkAddress(Kind.CBS, null);
        }
        // Some clients put the whole URI in the address (amqps://host/devices/...): keep the path.
        String path = address;
        int scheme = path.indexOf("://");
        if (scheme >= 0) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "" : path.substring(slash);
        }
        if (path.equals("/messages/devicebound")) {
            return new LinkAddress(Kind.SERVICE_C2D_SEND, null);
        }
        if (path.equalsIgnoreCase("/messages/servicebound/feedback")) {
            return new LinkAddress(Kind.SERVICE_FEEDBACK, null);
        }
        String[] parts = path.split("/", -1);
        if (parts.length < 4 || !parts[0].isEmpty() || !parts[1].equals("devices") || !DeviceId.isValid(parts[2])) {
            return new LinkAddress(Kind.UNKNOWN, null);
        }
        String rest = path.substring(("/devices/" + parts[2]).length());
        Kind kind = switch (rest) {
            case "/messages/events" -> Kind.EVENTS;
            case "/messages/devicebound" -> Kind.DEVICEBOUND;
            case "/twin" -> Kind.TWIN;
            case "/methods/devicebound" -> Kind.METHODS;
            default -> Kind.UNKNOWN;
        };
        return new LinkAddress(kind, parts[2]);
    }
}
