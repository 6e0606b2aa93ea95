package io.roost.server.config;

/**
 * Settings of the device-to-cloud telemetry log. Immutable.
 *
 * @param partitions 2-32, fixed when the log is created
 * @param retentionDays 1-7
 * @param maxMessageBytes largest message body accepted
 */
public record D2cConfig(int partitions, int retentionDays, int maxMessageBytes) {
}
