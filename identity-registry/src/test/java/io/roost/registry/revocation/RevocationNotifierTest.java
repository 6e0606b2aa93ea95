package io.roost.registry.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.registry.device.Device;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.device.DeviceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevocationNotifierTest {

    private static final Instant NOW = Instant.EPOCH;
    private final Device enabled = DeviceSpec.of("d").toNewDevice(NOW);

    @Test
    void reason_whenCreateOrStatusReasonOnly_thenNothingRevoked() {
        assertThat(RevocationNotifier.reason(null, enabled)).isNull();
        Device noted = DeviceSpec.of("d").withStatus(DeviceStatus.ENABLED, "note").replacing(enabled, NOW);
        assertThat(RevocationNotifier.reason(enabled, noted)).isNull();
    }

    @Test
    void reason_whenDeleteDisableOrNewKeys_thenMatchingReason() {
        assertThat(RevocationNotifier.reason(enabled, null)).isEqualTo(RevocationReason.DELETED);
        Device disabled = DeviceSpec.of("d").withStatus(DeviceStatus.DISABLED, null).replacing(enabled, NOW);
        assertThat(RevocationNotifier.reason(enabled, disabled)).isEqualTo(RevocationReason.DISABLED);
        assertThat(RevocationNotifier.reason(disabled, DeviceSpec.of("d").replacing(disabled, NOW))).isNull();
        Device rekeyed = DeviceSpec.of("d").withKeys(null, enabled.authentication().symmetricKey().secondaryKey())
                .replacing(enabled, NOW);
        assertThat(RevocationNotifier.reason(enabled, rekeyed)).isEqualTo(RevocationReason.CREDENTIALS_CHANGED);
    }

    @Test
    void changed_whenOneListenerThrows_thenOthersStillTold() {
        RevocationNotifier notifier = new RevocationNotifier();
        List<String> told = new ArrayList<>();
        notifier.add((id, reason) -> {
            throw new IllegalStateException("boom");
        });
        notifier.add((id, reason) -> told.add(id + ":" + reason));
        notifier.changed(enabled, null);
        assertThat(told).containsExactly("d:DELETED");
    }
}
