package io.roost.core.log.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roost.core.error.RoostException;
import io.roost.core.log.LogRecord;
import io.roost.core.message.TelemetryMessage;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class RecordFormatTest {

    private final CRC32C crc = new CRC32C();

    @Test
    void encodeSealDecode_roundTrips() {
        TelemetryMessage message = LogTestSupport.message("dev-é", 3);
        ByteBuffer record = RecordFormat.encode(message, 1024);
        RecordFormat.seal(record, 42, 1234, crc);

        assertThat(RecordFormat.isValidAt(record, 0, 100_000, crc)).isTrue();
        assertThat(RecordFormat.totalSizeAt(record, 0)).isEqualTo(record.remaining());
        LogRecord decoded = RecordFormat.decode(record, 0, 2);
        assertThat(decoded.partition()).isEqualTo(2);
        assertThat(decoded.offset()).isEqualTo(42);
        assertThat(decoded.enqueuedTimeMillis()).isEqualTo(1234);
        assertThat(decoded.message().deviceId()).isEqualTo("dev-é");
        assertThat(decoded.message().applicationProperties()).isEqualTo(message.applicationProperties());
        assertThat(decoded.message().body()).isEqualTo(message.body());
    }

    @Test
    void decode_whenAnyByteFlips_thenTheRecordIsInvalid() {
        ByteBuffer record = RecordFormat.encode(LogTestSupport.message("dev1", 1), 1024);
        RecordFormat.seal(record, 7, 99, crc);
        for (int i = 0; i < record.remaining(); i++) {
            ByteBuffer copy = ByteBuffer.allocate(record.remaining()).put(record.duplicate()).flip();
            copy.put(i, (byte) (copy.get(i) ^ 0x40));
            assertThat(RecordFormat.isValidAt(copy, 0, 100_000, crc)).as("byte %d flipped", i).isFalse();
        }
    }

    @Test
    void decode_whenTruncated_thenTheRecordIsInvalid() {
        ByteBuffer record = RecordFormat.encode(LogTestSupport.message("dev1", 1), 1024);
        RecordFormat.seal(record, 7, 99, crc);
        for (int length = 0; length < record.remaining(); length++) {
            ByteBuffer cut = record.duplicate().limit(length);
            assertThat(RecordFormat.isValidAt(cut, 0, 100_000, crc)).isFalse();
        }
    }

    @Test
    void decode_whenSizeFieldIsHuge_thenInvalidWithoutAllocating() {
        ByteBuffer hostile = ByteBuffer.allocate(64);
        hostile.putInt(0, Integer.MAX_VALUE);
        assertThat(RecordFormat.isValidAt(hostile, 0, 100_000, crc)).isFalse();
        hostile.putInt(0, -5);
        assertThat(RecordFormat.isValidAt(hostile, 0, 100_000, crc)).isFalse();
    }

    @Test
    void encode_whenPropertiesAreTooLarge_thenRefused() {
        String big = "x".repeat(40_000);
        TelemetryMessage message = new TelemetryMessage("dev1", Map.of(), Map.of("a", big, "b", big), new byte[0]);
        assertThatThrownBy(() -> RecordFormat.encode(message, 1024)).isInstanceOf(RoostException.class)
                .hasMessageContaining("properties take");
    }
}
