package io.roost.registry.policy;

import io.roost.registry.device.SymmetricKey;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A hub-level shared access policy: a name, two keys and a set of rights. Immutable; thread-safe.
 * {@code toString} hides the keys.
 */
public record SharedAccessPolicy(String name, String primaryKey, String secondaryKey,
                                 Set<Permission> permissions) {

    public SharedAccessPolicy {
        Objects.requireNonNull(name, "name");
        new SymmetricKey(primaryKey, secondaryKey); // same key rule as devices
        permissions = Collections.unmodifiableSet(permissions.isEmpty()
                ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(permissions));
    }

    /** A policy with two fresh 256-bit keys. */
    public static SharedAccessPolicy generate(String name, Set<Permission> permissions) {
        return new SharedAccessPolicy(name, SymmetricKey.randomKey(), SymmetricKey.randomKey(), permissions);
    }

    public boolean grants(Permission permission) {
        return permissions.contains(permission);
    }

    @Override
    public String toString() {
        return "SharedAccessPolicy[" + name + ", " + permissions + "]";
    }
}
