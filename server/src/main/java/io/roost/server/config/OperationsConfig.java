package io.roost.server.config;

import java.util.Locale;

/**
 * Settings of the operations log an operator may change (docs/configuration.md). Its retention is
 * the D2C log's ({@code d2c.retentionDays}). Immutable.
 *
 * @param jsonLog where the JSON log lines of operations events go, besides the durable log
 * @param connectionStateEvents whether connects and disconnects also go into the D2C log as IoT
 *     Hub's device connection state events
 */
public record OperationsConfig(JsonLog jsonLog, boolean connectionStateEvents) {

    /** {@code operations.jsonLog}: {@code off} (default), {@code stdout} or {@code file}. */
    public enum JsonLog {
        OFF, STDOUT, FILE;

        /** The value as written in roost.yaml. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static OperationsConfig defaults() {
        return new OperationsConfig(JsonLog.OFF, false);
    }
}
