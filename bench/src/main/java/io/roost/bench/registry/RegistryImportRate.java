package io.roost.bench.registry;

import io.roost.registry.DeviceRegistry;
import io.roost.registry.RegistryOptions;
import io.roost.registry.bulk.ImportSummary;
import io.roost.registry.device.SymmetricKey;
import io.roost.registry.events.RegistryEvents;
import io.roost.registry.policy.HubIdentity;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Bulk import rate into a fresh SQLite registry on the local disk (WAL, synchronous=FULL), and the
 * export rate back. Runs a few rounds, each into a new data dir, and prints devices/s.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.roost.bench.registry.RegistryImportRate [devices] [rounds] [dir]</pre>
 */
public final class RegistryImportRate {

    private RegistryImportRate() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path parent = args.length > 2 ? Path.of(args[2]) : Path.of(System.getProperty("java.io.tmpdir"));
        StringBuilder lines = new StringBuilder(devices * 160);
        for (int i = 0; i < devices; i++) {
            lines.append("{\"id\":\"device-").append(i).append("\",\"importMode\":\"create\",")
                    .append("\"authentication\":{\"type\":\"sas\",\"symmetricKey\":{\"primaryKey\":\"")
                    .append(SymmetricKey.randomKey()).append("\",\"secondaryKey\":\"")
                    .append(SymmetricKey.randomKey()).append("\"}}}\n");
        }
        String input = lines.toString();
        for (int round = 1; round <= rounds; round++) {
            Path dataDir = Files.createTempDirectory(parent, "roost-import-bench");
            try (DeviceRegistry registry = DeviceRegistry.open(dataDir, HubIdentity.loadOrCreate(dataDir, "localhost"),
                    Clock.systemUTC(), RegistryOptions.defaults(), RegistryEvents.NONE)) {
                long start = System.nanoTime();
                ImportSummary summary = registry.importDevices(new BufferedReader(new StringReader(input)),
                        Writer.nullWriter()).join();
                long imported = System.nanoTime();
                long exported = registry.exportDevices(Writer.nullWriter(), true).join();
                long done = System.nanoTime();
                System.out.printf("round %d: imported %d (failed %d) in %.2f s = %.0f devices/s; exported %d in %.2f s = %.0f devices/s%n",
                        round, summary.succeeded(), summary.failed(), (imported - start) / 1e9,
                        summary.succeeded() / ((imported - start) / 1e9), exported, (done - imported) / 1e9,
                        exported / ((done - imported) / 1e9));
            }
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
