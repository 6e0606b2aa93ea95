package io.roost.registry.events;

/** The registry operations reported to the operations log. */
public enum RegistryOperation {
    CREATE,
    REPLACE,
    GET,
    DELETE,
    LIST,
    REGENERATE_KEYS,
    SET_STATUS,
    IMPORT,
    EXPORT
}
