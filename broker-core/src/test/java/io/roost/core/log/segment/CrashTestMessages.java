package io.roost.core.log.segment;

import io.roost.core.message.SystemProperty;
import io.roost.core.message.TelemetryMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Messages the crash test's child writes and the parent regenerates to compare byte for byte. */
final class CrashTestMessages {

    private CrashTestMessages() {
    }

    static String deviceId(int round, int thread, long counter) {
        return "crash-r" + round + "-t" + thread + "-d" + (counter % 5);
    }

    static TelemetryMessage message(int round, int thread, long counter) {
        String deviceId = deviceId(round, thread, counter);
        SplittableRandom random = new SplittableRandom(((long) round << 48) ^ ((long) thread << 40) ^ counter);
        byte[] body = new byte[random.nextInt(0, 2048)];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) random.nextInt();
        }
        Map<String, String> system = new LinkedHashMap<>();
        system.put(SystemProperty.MESSAGE_ID, round + "/" + thread + "/" + counter);
        system.put(SystemProperty.CONNECTION_DEVICE_ID, deviceId);
        return new TelemetryMessage(deviceId, system, Map.of("counter", Long.toString(counter)), body);
    }
}
