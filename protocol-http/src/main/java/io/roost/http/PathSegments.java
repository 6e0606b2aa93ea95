package io.roost.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the raw path of a request target into segments and percent-decodes each one on its own
 * (RFC 3986 section 3.3). Decoding after splitting keeps {@code %2F} inside its segment, and a
 * {@code +} stays a plus sign (it means space only in form-encoded queries): device ids may
 * contain both {@code +} and encoded {@code #} or {@code ?}. Stateless and thread-safe.
 */
final class PathSegments {

    private PathSegments() {
    }

    /**
     * @param rawPath the path as sent, starting with {@code /}, without the query
     * @throws IllegalArgumentException on a bad escape ({@code %G1}, a lone {@code %}) or bytes
     *     that are not UTF-8
     */
    static List<String> decode(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.substring(rawPath.startsWith("/") ? 1 : 0).split("/", -1)) {
            segments.add(decodeSegment(raw));
        }
        return segments;
    }

    static String decodeSegment(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("incomplete percent escape in path segment " + raw);
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("bad percent escape in path segment " + raw);
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                // Clients should escape non-ASCII, but a raw code point still means itself.
                int codePoint = raw.codePointAt(i);
                byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("path segment is not UTF-8: " + raw, e);
        }
    }
}
