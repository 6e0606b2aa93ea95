package io.roost.store.schema;

import java.util.List;

/**
 * One schema version: the statements that take the schema from {@code version - 1} to
 * {@code version}. Portable SQL only (SQLite and PostgreSQL), so every store runs the same list.
 */
public record Migration(int version, String description, List<String> statements) {
}
