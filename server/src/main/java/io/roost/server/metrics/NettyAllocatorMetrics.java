package io.roost.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.util.Locale;

/**
 * The memory Netty's default buffer allocator holds, heap and direct
 * ({@code roost_netty_allocator_used_bytes{area,allocator}}). Netty 4.2's default is the adaptive
 * allocator, not {@code PooledByteBufAllocator.DEFAULT} (which no channel uses unless
 * {@code io.netty.allocator.type=pooled}), so this reads whichever {@link ByteBufAllocator#DEFAULT}
 * is; the {@code allocator} label names it. Reading the metric sums the allocator's arenas and
 * takes no lock that an event loop holds long. Stateless.
 */
public final class NettyAllocatorMetrics {

    static final String USED = "roost.netty.allocator.used";

    private NettyAllocatorMetrics() {
    }

    /** Registers the gauges when the default allocator reports its memory; otherwise nothing. */
    public static void bindTo(MeterRegistry registry) {
        bindTo(registry, ByteBufAllocator.DEFAULT);
    }

    static void bindTo(MeterRegistry registry, ByteBufAllocator allocator) {
        if (!(allocator instanceof ByteBufAllocatorMetricProvider provider)) {
            return;
        }
        ByteBufAllocatorMetric metric = provider.metric();
        String name = allocator.getClass().getSimpleName().replace("ByteBufAllocator", "").toLowerCase(Locale.ROOT);
        Gauge.builder(USED, metric, ByteBufAllocatorMetric::usedHeapMemory)
                .description("Heap memory held by Netty's buffer allocator").baseUnit("bytes")
                .tag("area", "heap").tag("allocator", name).strongReference(true).register(registry);
        Gauge.builder(USED, metric, ByteBufAllocatorMetric::usedDirectMemory)
                .description("Direct memory held by Netty's buffer allocator").baseUnit("bytes")
                .tag("area", "direct").tag("allocator", name).strongReference(true).register(registry);
    }
}
