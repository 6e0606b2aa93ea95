package io.roost.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketRoutesTest {

    private static final ChannelInitializer<EmbeddedChannel> NOTHING = new ChannelInitializer<>() {
        @Override
        protected void initChannel(EmbeddedChannel channel) {
        }
    };

    @Test
    void at_whenPathEncodedOrNot_thenTheSameRoutes() {
        WebSocketRoutes routes = new WebSocketRoutes(List.of(
                new WebSocketRoute("/$iothub/websocket", "mqtt", 100, NOTHING),
                new WebSocketRoute("/$iothub/websocket", "AMQPWSB10", 100, NOTHING)));

        assertThat(routes.at("/$iothub/websocket")).containsOnlyKeys("mqtt", "AMQPWSB10");
        assertThat(routes.at("/%24iothub/websocket")).containsOnlyKeys("mqtt", "AMQPWSB10");
        assertThat(routes.at("/%24iothub%2Fwebsocket")).isEmpty();
        assertThat(routes.at("/$iothub/websocket/more")).isEmpty();
        assertThat(routes.at("/%zz")).isEmpty();
    }

    @Test
    void new_whenSamePathAndSubprotocolTwice_thenRefused() {
        WebSocketRoute mqtt = new WebSocketRoute("/ws", "mqtt", 100, NOTHING);

        assertThatThrownBy(() -> new WebSocketRoutes(List.of(mqtt, mqtt)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already defined");
    }

    @Test
    void route_whenInitializerNotSharableOrPathNotExact_thenRefused() {
        assertThatThrownBy(() -> new WebSocketRoute("/ws", "mqtt", 100, new ChannelInboundHandlerAdapter()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("@Sharable");
        assertThatThrownBy(() -> new WebSocketRoute("/ws/{id}", "mqtt", 100, NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebSocketRoute("/ws", "mqtt, amqp", 100, NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebSocketRoute("/ws", "mqtt", 0, NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
