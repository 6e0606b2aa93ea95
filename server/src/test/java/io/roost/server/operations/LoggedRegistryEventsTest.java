package io.roost.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.registry.events.RegistryEvent;
import io.roost.registry.events.RegistryOperation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one structured line per registry operation. */
class LoggedRegistryEventsTest {

    @Test
    void line_whenSucceeded_thenEveryFieldWithDashesForNone() {
        String line = LoggedRegistryEvents.line(new RegistryEvent(Instant.EPOCH, RegistryOperation.LIST, null, 200, null));

        assertThat(line).isEqualTo("category=DeviceIdentityOperations operation=LIST deviceId=- status=200 reason=-");
    }

    @Test
    void line_whenRefused_thenReasonQuotedOnOneLine() {
        String line = LoggedRegistryEvents.line(new RegistryEvent(Instant.EPOCH, RegistryOperation.CREATE, "dev1", 409,
                "device \"dev1\"\nalready exists"));

        assertThat(line).isEqualTo("category=DeviceIdentityOperations operation=CREATE deviceId=dev1 status=409"
                + " reason=\"device \\\"dev1\\\" already exists\"");
    }
}
