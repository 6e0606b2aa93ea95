package io.roost.core.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationEvent;
import io.roost.core.operations.OperationsLog;
import io.roost.core.testing.MutableClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    private static final InetSocketAddress REMOTE = new InetSocketAddress("10.1.2.3", 40000);

    private final MutableClock clock = new MutableClock(1_000_000);
    private final List<OperationEvent> events = new CopyOnWriteArrayList<>();
    private final OperationsLog operations = events::add;
    private final Map<String, AtomicLong> counted = new ConcurrentHashMap<>();
    private final ThrottleCounter counter =
            (protocol, kind) -> counted.computeIfAbsent(protocol + "/" + kind.label(), k -> new AtomicLong()).incrementAndGet();

    private Throttle throttle(ThrottleSettings settings) {
        return new Throttle(settings, clock, () -> clock.millis() * 1_000_000L, operations, counter, 100);
    }

    @Test
    void unlimited_allowsEverythingAndReportsNothing() {
        Throttle throttle = throttle(ThrottleSettings.UNLIMITED);
        for (int i = 0; i < 10_000; i++) {
            assertThat(throttle.messageReceived("dev1", "mqtt", REMOTE).allowed()).isTrue();
            assertThat(throttle.messageRequested("dev1", "http", REMOTE).allowed()).isTrue();
        }
        assertThat(throttle.connect("dev1", "mqtt", REMOTE).allowed()).isTrue();
        assertThat(throttle.registryRequest("iothubowner", "http", REMOTE).allowed()).isTrue();
        assertThat(events).isEmpty();
        assertThat(counted).isEmpty();
    }

    @Test
    void messageReceived_whenDeviceIsOverItsRate_thenWaitsAndOtherDevicesAreNotTouched() {
        Throttle throttle = throttle(new ThrottleSettings(10, 2, 0, 0, Duration.ZERO, 0));
        assertThat(throttle.messageReceived("noisy", "mqtt", REMOTE).allowed()).isTrue();
        assertThat(throttle.messageReceived("noisy", "mqtt", REMOTE).allowed()).isTrue();
        ThrottleDecision third = throttle.messageReceived("noisy", "mqtt", REMOTE);
        assertThat(third.verdict()).isEqualTo(ThrottleDecision.Verdict.WAIT);
        assertThat(third.kind()).isEqualTo(ThrottleKind.D2C);
        assertThat(third.waitMillis()).isEqualTo(100);
        assertThat(throttle.messageReceived("quiet", "mqtt", REMOTE).allowed()).isTrue();
        assertThat(counted.get("mqtt/d2c")).hasValue(1);
    }

    @Test
    void messageRequested_whenRefused_thenTakesNoTokenAndRetryAfterIsRoundedUp() {
        Throttle throttle = throttle(new ThrottleSettings(1, 1, 0, 0, Duration.ZERO, 0));
        assertThat(throttle.messageRequested("dev1", "http", REMOTE).allowed()).isTrue();
        ThrottleDecision refused = throttle.messageRequested("dev1", "http", REMOTE);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        clock.advance(Duration.ofMillis(999));
        assertThat(throttle.messageRequested("dev1", "http", REMOTE).allowed()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(throttle.messageRequested("dev1", "http", REMOTE).allowed()).isTrue();
    }

    @Test
    void hubRate_limitsAllDevicesTogether() {
        Throttle throttle = throttle(new ThrottleSettings(0, 0, 3, 0, Duration.ZERO, 0));
        assertThat(throttle.messageRequested("a", "http", REMOTE).allowed()).isTrue();
        assertThat(throttle.messageRequested("b", "http", REMOTE).allowed()).isTrue();
        assertThat(throttle.messageRequested("c", "http", REMOTE).allowed()).isTrue();
        ThrottleDecision fourth = throttle.messageRequested("d", "http", REMOTE);
        assertThat(fourth.kind()).isEqualTo(ThrottleKind.HUB);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.operation()).isEqualTo("HUB_D2C_THROTTLED");
            assertThat(event.deviceId()).isEqualTo("d");
        });
    }

    @Test
    void hubRefusal_givesTheDeviceItsTokenBack() {
        Throttle throttle = throttle(new ThrottleSettings(1, 1, 1, 0, Duration.ZERO, 0));
        assertThat(throttle.messageRequested("a", "http", REMOTE).allowed()).isTrue();
        assertThat(throttle.messageRequested("b", "http", REMOTE).kind()).isEqualTo(ThrottleKind.HUB);
        clock.advance(Duration.ofSeconds(1));
        // b's own bucket still holds its token: only the hub said no.
        assertThat(throttle.messageRequested("b", "http", REMOTE).allowed()).isTrue();
    }

    @Test
    void sustainedOverload_disconnectsOnceAfterTheConfiguredTime() {
        Throttle throttle = throttle(new ThrottleSettings(10, 1, 0, 0, Duration.ofSeconds(5), 0));
        int disconnects = 0;
        long elapsedAtDisconnect = -1;
        long start = clock.millis();
        // A sender that resumes exactly when its debt is paid, 2 messages each time: twice the rate.
        while (clock.millis() - start < 8_000) {
            ThrottleDecision first = throttle.messageReceived("noisy", "mqtt", REMOTE);
            ThrottleDecision second = throttle.messageReceived("noisy", "mqtt", REMOTE);
            if (first.mustDisconnect() || second.mustDisconnect()) {
                disconnects++;
                elapsedAtDisconnect = clock.millis() - start;
                break;
            }
            clock.advance(Duration.ofMillis(Math.max(1, second.waitMillis())));
        }
        assertThat(disconnects).isEqualTo(1);
        assertThat(elapsedAtDisconnect).isBetween(5_000L, 5_300L);
        assertThat(events).filteredOn(e -> e.operation().equals("DEVICE_DISCONNECTED_THROTTLED")).singleElement()
                .satisfies(e -> {
                    assertThat(e.deviceId()).isEqualTo("noisy");
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.category()).isEqualTo(OperationCategory.Throttling);
                    assertThat(e.maskedAddress()).isEqualTo("10.1.2.x");
                });
    }

    @Test
    void deviceThatKeepsToItsRateBetweenBursts_isNeverDisconnected() {
        Throttle throttle = throttle(new ThrottleSettings(10, 1, 0, 0, Duration.ofSeconds(2), 0));
        for (int round = 0; round < 20; round++) {
            // Over the rate briefly, then quiet for longer than the grace: each round is a new episode.
            for (int i = 0; i < 3; i++) {
                assertThat(throttle.messageReceived("bursty", "amqp", REMOTE).mustDisconnect()).isFalse();
            }
            clock.advance(Duration.ofMillis(1_500));
        }
    }

    @Test
    void events_areRateLimitedPerDeviceAndSayHowManyDecisionsTheyStandFor() {
        Throttle throttle = throttle(new ThrottleSettings(1, 1, 0, 0, Duration.ZERO, 0));
        throttle.messageReceived("noisy", "mqtt", REMOTE);
        for (int i = 0; i < 50; i++) {
            throttle.messageReceived("noisy", "mqtt", REMOTE);
        }
        assertThat(events).hasSize(1);
        clock.advance(Duration.ofSeconds(10));
        throttle.messageReceived("noisy", "mqtt", REMOTE);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).reason()).contains("1 decision since");
        assertThat(events.get(1).reason()).contains("50 decisions since");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.operation()).isEqualTo("D2C_THROTTLED");
            assertThat(e.deviceId()).isEqualTo("noisy");
            assertThat(e.protocol()).isEqualTo("mqtt");
        });
        assertThat(counted.get("mqtt/d2c")).hasValue(51);
    }

    @Test
    void connect_overThePerMinuteLimit_isRefusedUntilATokenIsBack() {
        Throttle throttle = throttle(new ThrottleSettings(0, 0, 0, 2, Duration.ZERO, 0));
        assertThat(throttle.connect("dev1", "mqtt", REMOTE).allowed()).isTrue();
        assertThat(throttle.connect("dev1", "mqtt", REMOTE).allowed()).isTrue();
        ThrottleDecision third = throttle.connect("dev1", "mqtt", REMOTE);
        assertThat(third.kind()).isEqualTo(ThrottleKind.CONNECT);
        assertThat(third.waitMillis()).isEqualTo(30_000);
        assertThat(throttle.connect("dev2", "mqtt", REMOTE).allowed()).isTrue();
        clock.advance(Duration.ofSeconds(30));
        assertThat(throttle.connect("dev1", "mqtt", REMOTE).allowed()).isTrue();
        assertThat(events).singleElement().extracting(OperationEvent::operation).isEqualTo("CONNECT_THROTTLED");
    }

    @Test
    void registryRequests_areLimitedPerPolicy() {
        Throttle throttle = throttle(new ThrottleSettings(0, 0, 0, 0, Duration.ZERO, 2));
        assertThat(throttle.registryRequest("registryReadWrite", "http", REMOTE).allowed()).isTrue();
        assertThat(throttle.registryRequest("registryReadWrite", "http", REMOTE).allowed()).isTrue();
        assertThat(throttle.registryRequest("registryReadWrite", "http", REMOTE).kind()).isEqualTo(ThrottleKind.REGISTRY);
        assertThat(throttle.registryRequest("iothubowner", "http", REMOTE).allowed()).isTrue();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.operation()).isEqualTo("REGISTRY_THROTTLED");
            assertThat(e.reason()).contains("policy registryReadWrite");
            assertThat(e.deviceId()).isNull();
        });
        assertThat(counted.get("http/registry")).hasValue(1);
    }

    @Test
    void trackedDevices_stayBoundedAndIdleOnesAreForgottenFirst() {
        IdleEvictingMap<DeviceRate> rates = new IdleEvictingMap<>(100, now -> new DeviceRate(10, 10, now));
        DeviceRate busy = rates.get("busy", 0);
        for (int i = 0; i < 20; i++) {
            busy.charge(0);
        }
        for (int i = 0; i < 10_000; i++) {
            rates.get("device-" + i, 0);
            assertThat(rates.size()).isLessThanOrEqualTo(100);
        }
        // Every other entry was idle (a full bucket), so the sweep never had to drop the busy one.
        assertThat(rates.get("busy", 0)).isSameAs(busy);
    }
}
