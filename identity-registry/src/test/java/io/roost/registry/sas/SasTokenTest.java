package io.roost.registry.sas;

import static io.roost.registry.Statuses.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.error.RoostException.Status;
import org.junit.jupiter.api.Test;

class SasTokenTest {

    @Test
    void parse_whenFieldsInAnyOrder_thenRawValuesKept() {
        SasToken t = SasToken.parse("SharedAccessSignature sig=AAAA&se=2000000000&skn=iothubowner&sr=host%2Fdevices%2Fd");
        assertThat(t.rawResource()).isEqualTo("host%2Fdevices%2Fd");
        assertThat(t.rawExpiry()).isEqualTo("2000000000");
        assertThat(t.expiryEpochSeconds()).isEqualTo(2_000_000_000L);
        assertThat(t.keyName()).isEqualTo("iothubowner");
        assertThat(t.signature()).hasSize(3);
    }

    @Test
    void parse_whenNoSkn_thenDeviceToken() {
        assertThat(SasToken.parse("SharedAccessSignature sr=h/devices/d&sig=AAAA&se=1").keyName()).isNull();
    }

    @Test
    void parse_whenDuplicateField_thenUnauthorizedNamingIt() {
        assertThat(failsWith(Status.UNAUTHORIZED,
                () -> SasToken.parse("SharedAccessSignature sr=a&sr=b&sig=AAAA&se=1")).getMessage())
                .contains("sr appears twice");
    }

    @Test
    void parse_whenFieldMissing_thenUnauthorizedNamingIt() {
        assertThat(failsWith(Status.UNAUTHORIZED, () -> SasToken.parse("SharedAccessSignature sr=a&se=1")).getMessage())
                .contains("sig is missing");
        assertThat(failsWith(Status.UNAUTHORIZED, () -> SasToken.parse("SharedAccessSignature sr=a&sig=AAAA")).getMessage())
                .contains("se is missing");
        assertThat(failsWith(Status.UNAUTHORIZED, () -> SasToken.parse("SharedAccessSignature sig=AAAA&se=1")).getMessage())
                .contains("sr is missing");
    }

    @Test
    void parse_whenGarbage_thenUnauthorized() {
        failsWith(Status.UNAUTHORIZED, () -> SasToken.parse(null));
        failsWith(Status.UNAUTHORIZED, () -> SasToken.parse("Bearer abc"));
        failsWith(Status.UNAUTHORIZED, () -> SasToken.parse("SharedAccessSignature sr=a&sig=AAAA&se=soon"));
        failsWith(Status.UNAUTHORIZED, () -> SasToken.parse("SharedAccessSignature sr=a&sig=%%%&se=1"));
        failsWith(Status.UNAUTHORIZED, () -> SasToken.parse("SharedAccessSignature sr=a&sig&se=1"));
    }
}
