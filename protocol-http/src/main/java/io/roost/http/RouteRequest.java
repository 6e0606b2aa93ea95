package io.roost.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * What an {@link AsyncRouteHandler} sees of a request: a copy that owns no Netty buffer, so a
 * handler may use it on any thread for as long as it likes after the router has released the
 * original. Query parameters are decoded as forms are ({@code +} is a space); {@code api-version},
 * which every IoT Hub client sends, is there like any other parameter and nobody has to read it.
 *
 * <p>Immutable and thread-safe, except that {@link #body()} returns the internal array: do not
 * change it.
 */
public final class RouteRequest {

    private final HttpMethod method;
    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> queryParams;
    private final HttpHeaders headers;
    private final byte[] body;
    private final SocketAddress remoteAddress;

    private RouteRequest(HttpMethod method, String path, Map<String, String> pathParams,
            Map<String, List<String>> queryParams, HttpHeaders headers, byte[] body, SocketAddress remoteAddress) {
        this.method = method;
        this.path = path;
        this.pathParams = pathParams;
        this.queryParams = queryParams;
        this.headers = headers;
        this.body = body;
        this.remoteAddress = remoteAddress;
    }

    /** Copies what a handler needs out of the request; the caller still owns and releases it. */
    static RouteRequest copyOf(FullHttpRequest request, String path, Map<String, String> pathParams,
            SocketAddress remoteAddress) {
        Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
        return new RouteRequest(request.method(), path, Map.copyOf(pathParams), Map.copyOf(query),
                request.headers().copy(), ByteBufUtil.getBytes(request.content()), remoteAddress);
    }

    /** For tests of handlers, without a channel. */
    public static RouteRequest of(HttpMethod method, String path, Map<String, String> pathParams,
            Map<String, List<String>> queryParams, HttpHeaders headers, byte[] body, SocketAddress remoteAddress) {
        return new RouteRequest(method, path, Map.copyOf(pathParams), Map.copyOf(queryParams),
                headers.copy(), body.clone(), remoteAddress);
    }

    public HttpMethod method() {
        return method;
    }

    /** The decoded path, without the query. */
    public String path() {
        return path;
    }

    /** The template's parameters, percent-decoded: {@code id} of {@code /devices/{id}}. */
    public Map<String, String> pathParams() {
        return pathParams;
    }

    /** @throws NoSuchElementException when the route's template has no such parameter: a programming error */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new NoSuchElementException("no path parameter " + name + " in " + path);
        }
        return value;
    }

    /** Every query parameter with all its values, decoded. */
    public Map<String, List<String>> queryParams() {
        return queryParams;
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParam(String name) {
        List<String> values = queryParams.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** A copy of the request headers; names are case-insensitive. Do not change it. */
    public HttpHeaders headers() {
        return headers;
    }

    /** The first value of a header, such as {@code Authorization} or {@code If-Match}. */
    public Optional<String> header(CharSequence name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** The body bytes (empty when there is none). The array is not copied: do not change it. */
    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The peer's address, for the operations log (masked there); null if the channel had none. */
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
