package io.roost.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * Roost's default logging, set up in code (found by logback through {@code META-INF/services}):
 * one console appender, INFO for Roost, WARN for the chatty libraries (they speak only when
 * something is wrong). Done in code rather than in a {@code logback.xml} because parsing the XML
 * (an XML parser and logback's configuration model, some 500 classes) was a measurable part of
 * the time from launch to {@code /health} 200. It is only the default: with
 * {@code -Dlogback.configurationFile=...} (docs/configuration.md), or a {@code logback-test.xml} on
 * the class path (tests), logback reads that file instead. Stateless apart from logback's context.
 */
public final class ConsoleLogConfigurator extends ContextAwareBase implements Configurator {

    /** Where the console log goes: {@code System.out} for the server, {@code System.err} for the client commands. */
    public static final String LOG_TARGET_PROPERTY = "roost.log.target";

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{30} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || ConsoleLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configureConsole(context, System.getProperty(LOG_TARGET_PROPERTY, "System.out"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** @param target {@code System.out} or {@code System.err} */
    static void configureConsole(LoggerContext context, String target) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget(target);
        console.setEncoder(encoder);
        console.start();
        for (String library : new String[] {"io.netty", "io.micrometer", "com.fasterxml.jackson"}) {
            context.getLogger(library).setLevel(Level.WARN);
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
    }
}
