package io.roost.amqp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The receivers attached to each consumer group's partition, for Event Hubs' epoch (owner level)
 * rule: a receiver with an epoch takes the partition from every receiver with a lower or equal epoch
 * and from receivers without one (they are closed with {@code amqp:link:stolen}); a receiver with a
 * lower epoch than the current owner's, or without an epoch while an owner holds one, is refused.
 * Thread-safe (links of many connections meet here).
 */
final class PartitionOwners {

    private final Map<String, List<PartitionLink>> byPartition = new HashMap<>();

    /** The outcome of {@link #admit}: admitted with the receivers it took the partition from, or refused. */
    record Admission(List<PartitionLink> stolen, String refusal) {
    }

    synchronized Admission admit(PartitionLink link) {
        List<PartitionLink> current = byPartition.computeIfAbsent(key(link), k -> new ArrayList<>());
        Long owner = current.stream().map(PartitionLink::epoch).filter(e -> e != null).max(Long::compare).orElse(null);
        Long epoch = link.epoch();
        if (owner != null && (epoch == null || epoch < owner)) {
            return new Admission(List.of(), epoch == null
                    ? "a receiver with epoch " + owner + " owns the partition"
                    : "a receiver with the higher epoch " + owner + " owns the partition");
        }
        List<PartitionLink> stolen = new ArrayList<>();
        if (epoch != null) {
            stolen.addAll(current);
            current.clear();
        }
        current.add(link);
        return new Admission(stolen, null);
    }

    synchronized void remove(PartitionLink link) {
        List<PartitionLink> current = byPartition.get(key(link));
        if (current != null) {
            current.remove(link);
            if (current.isEmpty()) {
                byPartition.remove(key(link));
            }
        }
    }

    private static String key(PartitionLink link) {
        return link.group().toLowerCase(java.util.Locale.ROOT) + "/" + link.partition();
    }
}
