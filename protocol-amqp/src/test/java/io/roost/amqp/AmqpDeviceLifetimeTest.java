package io.roost.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.session.DeviceConnections;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How long a device stays authorized on an AMQP connection: token expiry, renewal, revocation. */
class AmqpDeviceLifetimeTest {

    @TempDir
    Path dir;
    AmqpFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new AmqpFixture(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private String shortToken(String key) {
        return AmqpFixture.token("dev1", key, Instant.now().plusSeconds(2));
    }

    @Test
    void cbs_whenTokenExpires_thenTheDevicesLinksClose() throws Exception {
        String key = fixture.createDeviceKey("dev1");
        try (ProtonTestClient client = fixture.anonymous()) {
            assertThat(client.putToken(AmqpFixture.audience("dev1"), shortToken(key)).status()).isEqualTo(200);
            Sender sender = client.sender(client.session(), "/devices/dev1/messages/events");
            client.pumpUntil(() -> sender.getCredit() > 0);
            fixture.clock.advance(Duration.ofSeconds(5));

            client.pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED);
            assertThat((Object) sender.getRemoteCondition().getCondition()).isEqualTo(AmqpError.UNAUTHORIZED_ACCESS);
            assertThat(fixture.metrics.connected).hasValue(0);
        }
    }

    @Test
    void cbs_whenTokenRenewedBeforeExpiry_thenLinksStay() throws Exception {
        String key = fixture.createDeviceKey("dev1");
        try (ProtonTestClient client = fixture.anonymous()) {
            assertThat(client.putToken(AmqpFixture.audience("dev1"), shortToken(key)).status()).isEqualTo(200);
            Sender sender = client.sender(client.session(), "/devices/dev1/messages/events");
            client.pumpUntil(() -> sender.getCredit() > 0);
            String renewed = AmqpFixture.token("dev1", key, Instant.now().plusSeconds(3600));
            assertThat(client.putToken(AmqpFixture.audience("dev1"), renewed).status()).isEqualTo(200);
            fixture.clock.advance(Duration.ofSeconds(5));

            long until = System.currentTimeMillis() + 3000;
            client.pumpUntil(() -> System.currentTimeMillis() > until);
            assertThat(sender.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
        }
    }

    @Test
    void device_whenItConnectsAgainOnAnotherConnection_thenTheOldLinksCloseAndTheNewOnesServe() throws Exception {
        String token = fixture.createDevice("dev1");
        try (ProtonTestClient first = fixture.anonymous(); ProtonTestClient second = fixture.anonymous()) {
            assertThat(first.putToken(AmqpFixture.audience("dev1"), token).status()).isEqualTo(200);
            Sender old = first.sender(first.session(), "/devices/dev1/messages/events");
            first.pumpUntil(() -> old.getCredit() > 0);

            assertThat(second.putToken(AmqpFixture.audience("dev1"), token).status()).isEqualTo(200);
            Sender current = second.sender(second.session(), "/devices/dev1/messages/events");
            second.pumpUntil(() -> current.getCredit() > 0);

            first.pumpUntil(() -> old.getRemoteState() == EndpointState.CLOSED);
            assertThat((Object) old.getRemoteCondition().getCondition()).isEqualTo(AmqpError.UNAUTHORIZED_ACCESS);
            assertThat(old.getRemoteCondition().getDescription()).isEqualTo(DeviceConnections.REPLACED);
            assertThat(current.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
            assertThat(fixture.operations.events()).anyMatch(event -> event.operation().equals("DEVICE_DISCONNECT")
                    && "dev1".equals(event.deviceId()) && DeviceConnections.REPLACED.equals(event.reason()));
        }
    }

    @Test
    void device_whenDisabled_thenTheDevicesLinksClose() throws Exception {
        String token = fixture.createDevice("dev1");
        try (ProtonTestClient client = fixture.anonymous()) {
            assertThat(client.putToken(AmqpFixture.audience("dev1"), token).status()).isEqualTo(200);
            Sender sender = client.sender(client.session(), "/devices/dev1/messages/events");
            client.pumpUntil(() -> sender.getCredit() > 0);

            fixture.registry.disable("dev1", "test").join();

            client.pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED);
            assertThat((Object) sender.getRemoteCondition().getCondition()).isEqualTo(AmqpError.UNAUTHORIZED_ACCESS);
        }
    }

    @Test
    void saslPlain_whenDeviceDisabled_thenConnectionCloses() throws Exception {
        String token = fixture.createDevice("dev1");
        try (ProtonTestClient client = fixture.plain("dev1@sas.localhost", token)) {
            Sender sender = client.sender(client.session(), "/devices/dev1/messages/events");
            client.pumpUntil(() -> sender.getCredit() > 0);

            fixture.registry.disable("dev1", "test").join();

            client.pumpUntil(() -> client.connection.getRemoteState() == EndpointState.CLOSED);
            assertThat((Object) client.connection.getRemoteCondition().getCondition()).isEqualTo(AmqpError.UNAUTHORIZED_ACCESS);
            assertThat(client.awaitSocketClosed()).isTrue();
        }
    }

    @Test
    void saslPlain_whenUserNameNamesAnotherHub_thenAuthFails() throws Exception {
        String token = fixture.createDevice("dev1");
        try (ProtonTestClient client = fixture.plain("dev1@sas.otherhub", token)) {
            client.pumpUntil(() -> client.sasl.getOutcome() != Sasl.SaslOutcome.PN_SASL_NONE || client.peerClosed());

            assertThat(client.sasl.getOutcome()).isEqualTo(Sasl.SaslOutcome.PN_SASL_AUTH);
            assertThat(client.awaitSocketClosed()).isTrue();
            assertThat(fixture.metrics.authFailures).hasValue(1);
        }
    }
}
