package io.roost.server.config;

/**
 * A configuration value as written, before parsing, with the place it came from so an error can
 * point there ({@code ROOST_D2C_PARTITIONS}, {@code --http-port}, {@code /etc/roost.yaml}). Immutable.
 */
record RawValue(String text, String source) {
}
