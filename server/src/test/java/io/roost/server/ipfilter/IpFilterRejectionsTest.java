package io.roost.server.ipfilter;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roost.core.ipfilter.IpFilterRule;
import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationEvent;
import io.roost.core.testing.MutableClock;
import io.roost.server.config.ListenerName;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class IpFilterRejectionsTest {

    private static final IpFilterRule RULE = IpFilterRule.of("block-lab", "reject", "10.0.0.0/8");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<OperationEvent> events = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(1_000_000);
    private final IpFilterRejections rejections = new IpFilterRejections(registry, events::add, clock);

    @Test
    void rejected_whenFloodFromOneAddress_thenEveryOneCountedButOneEventPerInterval() {
        for (int i = 0; i < 100; i++) {
            rejections.rejected(ListenerName.MQTTS, RULE, new InetSocketAddress("10.1.2.3", 40000 + i));
        }

        assertThat(registry.get(IpFilterRejections.METER).tag("listener", "mqtts").tag("rule", "block-lab").counter().count())
                .isEqualTo(100.0);
        assertThat(events).hasSize(1);
        OperationEvent event = events.get(0);
        assertThat(event.category()).isEqualTo(OperationCategory.IpFilter);
        assertThat(event.operation()).isEqualTo("CONNECTION_REJECTED");
        assertThat(event.statusCode()).isEqualTo(403);
        assertThat(event.reason()).isEqualTo("rejected by IP filter rule block-lab on listener mqtts");
        assertThat(event.protocol()).isEqualTo("mqtt");
        assertThat(event.maskedAddress()).isEqualTo("10.1.2.x");

        clock.advance(Duration.ofSeconds(59));
        rejections.rejected(ListenerName.MQTTS, RULE, new InetSocketAddress("10.1.2.3", 50000));
        assertThat(events).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        rejections.rejected(ListenerName.MQTTS, RULE, new InetSocketAddress("10.1.2.3", 50001));
        assertThat(events).hasSize(2);
        assertThat(events.get(1).reason()).endsWith("(100 more from this address since the last event)");
        clock.advance(Duration.ofMinutes(1));
        rejections.rejected(ListenerName.MQTTS, RULE, new InetSocketAddress("10.1.2.3", 50002));
        assertThat(events).hasSize(3);
        assertThat(events.get(2).reason()).isEqualTo("rejected by IP filter rule block-lab on listener mqtts");
    }

    @Test
    void rejected_whenAnotherAddressOrListener_thenItsOwnEventAndSeries() {
        rejections.rejected(ListenerName.MQTT, RULE, new InetSocketAddress("10.1.2.3", 1));
        rejections.rejected(ListenerName.MQTT, RULE, new InetSocketAddress("10.1.2.4", 1));
        rejections.rejected(ListenerName.HTTP, RULE, new InetSocketAddress("10.1.2.4", 2));

        assertThat(events).hasSize(2);
        assertThat(registry.get(IpFilterRejections.METER).tag("listener", "mqtt").counter().count()).isEqualTo(2.0);
        assertThat(registry.get(IpFilterRejections.METER).tag("listener", "http").counter().count()).isEqualTo(1.0);
    }
}
