package io.roost.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The default log set-up, on a logback context of the test's own. */
class ConsoleLogConfiguratorTest {

    @Test
    void configureConsole_thenRoostAtInfoLibrariesAtWarnOnTheTarget() {
        LoggerContext context = new LoggerContext();

        ConsoleLogConfigurator.configureConsole(context, "System.err");

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.roost.server.lifecycle.RoostServer").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.netty.channel.DefaultChannelPipeline").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.micrometer.core").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("com.fasterxml.jackson.databind").getEffectiveLevel()).isEqualTo(Level.WARN);
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) root.getAppender("CONSOLE");
        assertThat(console.isStarted()).isTrue();
        assertThat(console.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern())
                .isEqualTo("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{30} - %msg%n");
        context.stop();
    }

    @Test
    void configure_whenALogbackTestXmlIsOnTheClassPath_thenLeavesItToLogback() {
        LoggerContext context = new LoggerContext();
        ConsoleLogConfigurator configurator = new ConsoleLogConfigurator();
        configurator.setContext(context);

        // This module's tests carry a logback-test.xml.
        assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE")).isNull();
        context.stop();
    }
}
