package io.roost.bench.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench/compare}: Roost against Mosquitto and Moquette under the same MQTT loads, in one
 * run (see docs/performance.md, "bench/compare"). Progress and one summary line per run go to
 * stderr; the table to stdout. Exit status 0 when the table was printed (skipped peers included),
 * 1 when no peer could be measured, 2 for a bad command line.
 */
public final class BenchCompare {

    private BenchCompare() {
    }

    public static void main(String[] args) throws InterruptedException {
        CompareOptions options;
        try {
            options = CompareOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("compare: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(CompareOptions.USAGE);
            return;
        }
        ComparisonResult result;
        try {
            result = new CompareRun(options, peers(options), System.err).run();
        } catch (IOException e) {
            System.err.println("compare: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println();
        System.out.print(ComparisonTable.render(result, options));
        System.out.flush();
        System.exit(result.measuredPeers().isEmpty() ? 1 : 0);
    }

    /** The peers named by {@code --peers}, in that order. */
    static List<Peer> peers(CompareOptions options) {
        List<Peer> peers = new ArrayList<>();
        for (String name : options.peers()) {
            peers.add(switch (name) {
                case "roost" -> new RoostPeer(options.root().resolve("server/target/roost-server.jar"),
                        jvmOptions("ROOST_JAVA_OPTS"), List.of());
                case "mosquitto" -> new MosquittoPeer();
                case "moquette" -> new MoquettePeer(options.root().resolve("bench/peers/moquette"),
                        jvmOptions("MOQUETTE_JAVA_OPTS"));
                default -> throw new IllegalArgumentException("unknown peer " + name);
            });
        }
        return peers;
    }

    static List<String> jvmOptions(String variable) {
        return BenchCompareJvm.options(variable);
    }
}
