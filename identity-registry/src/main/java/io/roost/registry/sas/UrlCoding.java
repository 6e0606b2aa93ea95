package io.roost.registry.sas;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Form URL coding as IoT Hub's SAS recipe and the Azure SDKs use it. Stateless; thread-safe. */
final class UrlCoding {

    private UrlCoding() {
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException for a bad escape */
    static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
