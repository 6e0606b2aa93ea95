package io.roost.server.operations;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import io.roost.server.config.OperationsConfig.JsonLog;
import java.nio.file.Path;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON Logback appender of the operations log ({@code operations.jsonLog}), added to the
 * logger {@value OperationsLines#LOGGER_NAME} at start and removed at close: one JSON object per
 * line (Logstash's encoder: {@code @timestamp}, {@code message}, {@code level}... plus the event's
 * own fields, {@link OperationsLines#fields}), for log shippers.
 * <ul>
 *   <li>{@code stdout}: on standard output instead of the readable line (the logger stops passing
 *       its events to the console appender, so each event is printed once);</li>
 *   <li>{@code file}: {@code {data-dir}/logs/operations.json}, rolled at 10 MB, five old files kept
 *       ({@code operations.1.json}...), beside the readable console line.</li>
 * </ul>
 * The JSON appender sits behind Logback's {@link AsyncAppender} (queue of
 * {@value #QUEUE_SIZE} events, never blocking: a full queue drops events), so an event loop that
 * records an event never waits for the file or the terminal. Operators who want another target
 * configure their own appender on that logger in a {@code logback.xml} of their own and leave this
 * {@code off}. Not thread-safe: start and close it once, from the server's start-up and shutdown.
 */
public final class JsonOperationsAppender implements AutoCloseable {

    public static final String FILE = "logs/operations.json";
    static final String APPENDER_NAME = "roost-operations-json";
    static final int QUEUE_SIZE = 8192;
    private static final Logger LOG = LoggerFactory.getLogger(JsonOperationsAppender.class);

    private final ch.qos.logback.classic.Logger logger;
    private final AsyncAppender appender;
    private final boolean wasAdditive;

    private JsonOperationsAppender(ch.qos.logback.classic.Logger logger, AsyncAppender appender) {
        this.logger = logger;
        this.appender = appender;
        this.wasAdditive = logger == null || logger.isAdditive();
    }

    /** Adds the appender the configuration asks for; with {@code off} (or without Logback) does nothing. */
    public static JsonOperationsAppender start(JsonLog target, Path dataDir) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (target == JsonLog.OFF) {
            return new JsonOperationsAppender(null, null);
        }
        if (!(factory instanceof LoggerContext context)) {
            LOG.warn("operations.jsonLog={} needs Logback; the JSON operations log is off", target);
            return new JsonOperationsAppender(null, null);
        }
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> json = target == JsonLog.STDOUT ? console() : file(context, dataDir);
        json.setName(APPENDER_NAME + "-writer");
        json.setContext(context);
        json.setEncoder(encoder);
        json.start();
        AsyncAppender async = new AsyncAppender();
        async.setName(APPENDER_NAME);
        async.setContext(context);
        async.setQueueSize(QUEUE_SIZE);
        // Keep every level (the default discards INFO when the queue is 80% full) and never block.
        async.setDiscardingThreshold(0);
        async.setNeverBlock(true);
        async.addAppender(json);
        async.start();
        ch.qos.logback.classic.Logger logger = context.getLogger(OperationsLines.LOGGER_NAME);
        JsonOperationsAppender started = new JsonOperationsAppender(logger, async);
        logger.addAppender(async);
        if (target == JsonLog.STDOUT) {
            logger.setAdditive(false);
        }
        return started;
    }

    private static OutputStreamAppender<ILoggingEvent> console() {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setTarget("System.out");
        return console;
    }

    private static OutputStreamAppender<ILoggingEvent> file(LoggerContext context, Path dataDir) {
        String file = dataDir.resolve(FILE).toString();
        RollingFileAppender<ILoggingEvent> rolling = new RollingFileAppender<>();
        rolling.setContext(context);
        rolling.setFile(file);
        FixedWindowRollingPolicy window = new FixedWindowRollingPolicy();
        window.setContext(context);
        window.setParent(rolling);
        window.setFileNamePattern(file.substring(0, file.length() - ".json".length()) + ".%i.json");
        window.setMinIndex(1);
        window.setMaxIndex(5);
        window.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> size = new SizeBasedTriggeringPolicy<>();
        size.setContext(context);
        size.setMaxFileSize(FileSize.valueOf("10MB"));
        size.start();
        rolling.setRollingPolicy(window);
        rolling.setTriggeringPolicy(size);
        return rolling;
    }

    @Override
    public void close() {
        if (logger == null) {
            return;
        }
        logger.detachAppender(appender);
        logger.setAdditive(wasAdditive);
        appender.stop();
    }
}
