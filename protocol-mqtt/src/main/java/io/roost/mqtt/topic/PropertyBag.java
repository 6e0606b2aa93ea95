package io.roost.mqtt.topic;

import io.roost.core.message.SystemProperty;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The URL-encoded property bag at the end of an IoT Hub MQTT topic: {@code k=v&k2=v2}, keys and
 * values percent-encoded as UTF-8 ({@code +} is a space, as the Azure SDKs encode with
 * {@code URLEncoder}). Keys starting {@code $.} are IoT Hub system properties: {@code $.mid},
 * {@code $.cid}, {@code $.uid}, {@code $.ct}, {@code $.ce} map to {@link SystemProperty} names,
 * {@code $.cdid} is kept apart for the caller to check against the connection's device, and other
 * {@code $.} keys (such as {@code $.to}, {@code $.exp}) are ignored. All other keys are
 * application properties. A key without {@code =} has the empty value. Immutable; thread-safe.
 *
 * @param connectionDeviceId the {@code $.cdid} the device sent, or null
 */
public record PropertyBag(Map<String, String> systemProperties, Map<String, String> applicationProperties,
        String connectionDeviceId) {

    private static final Map<String, String> SYSTEM_KEYS = Map.of(
            "$.mid", SystemProperty.MESSAGE_ID,
            "$.cid", SystemProperty.CORRELATION_ID,
            "$.uid", SystemProperty.USER_ID,
            "$.ct", SystemProperty.CONTENT_TYPE,
            "$.ce", SystemProperty.CONTENT_ENCODING);

    public static final PropertyBag EMPTY = new PropertyBag(Map.of(), Map.of(), null);

    /**
     * Parses a bag; an empty or null one is {@link #EMPTY}.
     *
     * @throws IllegalArgumentException for a bad percent escape or invalid UTF-8
     */
    public static PropertyBag parse(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return EMPTY;
        }
        Map<String, String> system = new LinkedHashMap<>();
        Map<String, String> application = new LinkedHashMap<>();
        String connectionDeviceId = null;
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (key.startsWith("$.")) {
                if (key.equals("$.cdid")) {
                    connectionDeviceId = value;
                } else if (SYSTEM_KEYS.containsKey(key)) {
                    system.put(SYSTEM_KEYS.get(key), value);
                }
            } else if (!key.isEmpty()) {
                application.put(key, value);
            }
        }
        return new PropertyBag(Collections.unmodifiableMap(system), Collections.unmodifiableMap(application),
                connectionDeviceId);
    }

    /** Percent-decoding as {@code URLDecoder}, but strict: a malformed escape or bad UTF-8 is refused. */
    static String decode(String encoded) {
        if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
            return encoded;
        }
        ByteBuffer bytes = ByteBuffer.allocate(encoded.length() * 3);
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.put((byte) ' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new IllegalArgumentException("truncated percent escape in property bag");
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("bad percent escape in property bag");
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("property bag is not valid UTF-8", e);
        }
    }
}
