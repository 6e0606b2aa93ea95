package io.roost.mqtt;

/**
 * The CONNECT user name IoT Hub expects: {@code {host}/{deviceId}/?api-version=...}, any query
 * accepted (the Azure SDKs add {@code DeviceClientType}), the trailing slash and query optional.
 * Module identities ({@code {host}/{deviceId}/{moduleId}/...}) are not supported yet. Immutable.
 */
record UserName(String host, String deviceId) {

    /** Null when the text does not have the shape above. */
    static UserName parse(String text) {
        if (text == null) {
            return null;
        }
        int query = text.indexOf('?');
        String path = query < 0 ? text : text.substring(0, query);
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1 || path.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        return new UserName(path.substring(0, slash), path.substring(slash + 1));
    }
}
