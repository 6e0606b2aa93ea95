package io.roost.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Route matching: exact paths, templates, specificity and percent-decoding of segments. */
class RoutesTest {

    private static final AsyncRouteHandler NOTHING = request -> CompletableFuture.completedFuture(HttpReply.json(200, "{}"));

    private final Routes routes = Routes.builder()
            .addAsync(HttpMethod.GET, "/devices", NOTHING)
            .addAsync(HttpMethod.GET, "/devices/{id}/{any}", NOTHING)
            .addAsync(HttpMethod.GET, "/devices/{id}", NOTHING)
            .addAsync(HttpMethod.DELETE, "/devices/{id}/commands", NOTHING)
            .addAsync(HttpMethod.POST, "/devices/import", NOTHING)
            .build();

    @Test
    void match_whenExactAndTemplateBothFit_thenExactWins() {
        Routes.RouteMatch match = match("/devices/import");

        assertThat(match.params()).isEmpty();
        assertThat(match.methods()).containsOnlyKeys(HttpMethod.POST);
    }

    @Test
    void match_whenTemplate_thenCapturesTheSegment() {
        assertThat(match("/devices/dev1").params()).isEqualTo(Map.of("id", "dev1"));
    }

    @Test
    void match_whenLiteralAndParameterCompete_thenTheLiteralWinsWhateverTheOrderAdded() {
        assertThat(match("/devices/d1/commands").methods()).containsOnlyKeys(HttpMethod.DELETE);
        assertThat(match("/devices/d1/other").params()).isEqualTo(Map.of("id", "d1", "any", "other"));
    }

    @Test
    void match_whenEncodedCharacters_thenDecodedPerSegmentAndPlusKept() {
        Routes.RouteMatch match = match("/devices/a%23b%3Fc+d%25e%20f");

        assertThat(match.params()).isEqualTo(Map.of("id", "a#b?c+d%e f"));
    }

    @Test
    void match_whenEncodedSlash_thenItStaysInsideTheParameter() {
        assertThat(match("/devices/a%2Fb").params()).isEqualTo(Map.of("id", "a/b"));
        assertThat(routes.match(PathSegments.decode("/devices%2Fimport"))).isEmpty();
    }

    @Test
    void match_whenEmptySegmentOrExtraSegments_thenNoRoute() {
        assertThat(routes.match(PathSegments.decode("/devices/"))).isEmpty();
        assertThat(routes.match(PathSegments.decode("/devices/a/b/c"))).isEmpty();
    }

    @Test
    void decode_whenBadEscape_thenRejected() {
        assertThatThrownBy(() -> PathSegments.decode("/devices/a%2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathSegments.decode("/devices/a%zz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathSegments.decode("/devices/%C3")).isInstanceOf(IllegalArgumentException.class);
        assertThat(PathSegments.decode("/d/%C3%A9")).containsExactly("d", "\u00e9");
    }

    @Test
    void build_whenTemplateMalformedOrDuplicated_thenRejected() {
        assertThatThrownBy(() -> Routes.builder().addAsync(HttpMethod.GET, "/devices/x{id}", NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Routes.builder().addAsync(HttpMethod.GET, "/a/{id}/{id}", NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Routes.builder().addAsync(HttpMethod.GET, "/a/{id}", NOTHING)
                .addAsync(HttpMethod.GET, "/a/{id}", NOTHING)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rawPathOf_whenAbsoluteFormOrQuery_thenPathOnlyStillEncoded() {
        assertThat(HttpRouter.rawPathOf("https://h:443/devices/a%23b?api-version=1")).isEqualTo("/devices/a%23b");
        assertThat(HttpRouter.rawPathOf("/devices/a%3Fb?x=1#frag")).isEqualTo("/devices/a%3Fb");
        assertThat(HttpRouter.rawPathOf("https://h")).isEqualTo("/");
    }

    private Routes.RouteMatch match(String rawPath) {
        return routes.match(PathSegments.decode(rawPath)).orElseThrow();
    }
}
