package io.roost.registry.device;

import static io.roost.registry.Statuses.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.error.RoostException.Status;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SymmetricKeyTest {

    @Test
    void generate_whenCalled_thenTwoDifferent32ByteKeys() {
        SymmetricKey k = SymmetricKey.generate();
        assertThat(Base64.getDecoder().decode(k.primaryKey())).hasSize(32);
        assertThat(Base64.getDecoder().decode(k.secondaryKey())).hasSize(32);
        assertThat(k.primaryKey()).isNotEqualTo(k.secondaryKey());
    }

    @Test
    void construct_whenNotBase64OrWrongLength_thenBadRequest() {
        String ok = SymmetricKey.randomKey();
        failsWith(Status.BAD_REQUEST, () -> new SymmetricKey("not base64!", ok));
        failsWith(Status.BAD_REQUEST, () -> new SymmetricKey(ok, Base64.getEncoder().encodeToString(new byte[15])));
        failsWith(Status.BAD_REQUEST, () -> new SymmetricKey(ok, Base64.getEncoder().encodeToString(new byte[65])));
        assertThat(new SymmetricKey(Base64.getEncoder().encodeToString(new byte[16]),
                Base64.getEncoder().encodeToString(new byte[64]))).isNotNull();
    }

    @Test
    void toString_whenPrinted_thenKeysHidden() {
        SymmetricKey k = SymmetricKey.generate();
        assertThat(k.toString()).doesNotContain(k.primaryKey()).doesNotContain(k.secondaryKey());
    }

    @Test
    void orGenerate_whenOneGiven_thenOtherGenerated() {
        String given = SymmetricKey.randomKey();
        SymmetricKey k = SymmetricKey.orGenerate(given, null);
        assertThat(k.primaryKey()).isEqualTo(given);
        assertThat(k.secondaryKey()).isNotNull().isNotEqualTo(given);
    }
}
