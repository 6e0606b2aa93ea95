package io.roost.registry.device;

import static io.roost.registry.Statuses.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.error.RoostException.Status;
import org.junit.jupiter.api.Test;

class DeviceIdTest {

    @Test
    void requireValid_whenEveryAllowedCharacter_thenAccepted() {
        String id = "AZaz09-.+%_#*?!(),=@$'";
        assertThat(DeviceId.requireValid(id)).isEqualTo(id);
    }

    @Test
    void requireValid_when128Chars_thenAccepted_and129_thenBadRequest() {
        assertThat(DeviceId.isValid("a".repeat(128))).isTrue();
        failsWith(Status.BAD_REQUEST, () -> DeviceId.requireValid("a".repeat(129)));
    }

    @Test
    void requireValid_whenSlashSpaceOrNonAscii_thenBadRequestNamingTheIndex() {
        assertThat(failsWith(Status.BAD_REQUEST, () -> DeviceId.requireValid("ab/c")).getMessage())
                .contains("index 2");
        failsWith(Status.BAD_REQUEST, () -> DeviceId.requireValid("a b"));
        failsWith(Status.BAD_REQUEST, () -> DeviceId.requireValid("caf\u00e9"));
        failsWith(Status.BAD_REQUEST, () -> DeviceId.requireValid(""));
        failsWith(Status.BAD_REQUEST, () -> DeviceId.requireValid(null));
    }
}
