package io.roost.bench.registry;

import io.roost.registry.DeviceRegistry;
import io.roost.registry.RegistryOptions;
import io.roost.registry.device.Device;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.events.RegistryEvents;
import io.roost.registry.policy.HubIdentity;
import io.roost.registry.sas.SasTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Device authentication on a cache hit: parse the SAS token, two HMAC-SHA256 (primary and
 * secondary key, both always computed), resource match. What every MQTT CONNECT and AMQP CBS
 * put-token costs once the device is cached.
 *
 * <pre>java -jar bench/target/benchmarks.jar DeviceAuthenticationBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DeviceAuthenticationBenchmark {

    private static final int DEVICES = 1000;

    private Path dataDir;
    private DeviceRegistry registry;
    private String[] tokens;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dataDir = Files.createTempDirectory("roost-auth-bench");
        HubIdentity hub = HubIdentity.loadOrCreate(dataDir, "localhost");
        registry = DeviceRegistry.open(dataDir, hub, Clock.systemUTC(), RegistryOptions.defaults(), RegistryEvents.NONE);
        tokens = new String[DEVICES];
        String host = hub.connectionStrings().deviceHostName();
        for (int i = 0; i < DEVICES; i++) {
            Device d = registry.create(DeviceSpec.of("bench-" + i)).join();
            tokens[i] = SasTokens.sign(host + "/devices/" + d.deviceId(), d.authentication().symmetricKey().primaryKey(),
                    Instant.now().plusSeconds(3600), null);
            registry.authenticateDevice(d.deviceId(), tokens[i]).join(); // warm the cache
        }
    }

    @Benchmark
    public Device authenticateCached() {
        int i = next++ % DEVICES;
        if (next < 0) {
            next = 0;
        }
        return registry.authenticateDevice("bench-" + i, tokens[i]).join();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        registry.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
