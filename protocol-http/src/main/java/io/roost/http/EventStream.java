package io.roost.http;

/**
 * A reply that goes on: server-sent events ({@code text/event-stream}, WHATWG HTML section 9.2)
 * written for as long as the route wants and the client stays. The router writes the response
 * head, then calls {@link #start} once on the connection's event loop; from then on the connection
 * serves no other request, and it closes when the stream or the client closes it.
 */
@FunctionalInterface
public interface EventStream {

    String CONTENT_TYPE = "text/event-stream; charset=utf-8";

    /** Must return at once; send from any thread through {@code sink}. */
    void start(EventSink sink);
}
