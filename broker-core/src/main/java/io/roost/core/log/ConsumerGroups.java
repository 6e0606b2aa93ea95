package io.roost.core.log;

import java.util.OptionalLong;
import java.util.Set;

/**
 * Named consumer groups and their per-partition checkpoints. A checkpoint is the offset of the
 * next record the group wants. {@link #checkpoint} returns once it is durable. Thread-safe.
 */
public interface ConsumerGroups {

    String DEFAULT_GROUP = "$Default";

    Set<String> groups();

    /** Creates the group if new; names are 1-64 chars of letters, digits, '-', '_', '.', '$'. */
    void create(String group);

    void delete(String group);

    /** Records the group's position in a partition durably (temp file, fsync, rename). */
    void checkpoint(String group, int partition, long nextOffset);

    OptionalLong checkpointOf(String group, int partition);
}
