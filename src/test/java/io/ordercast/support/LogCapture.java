package io.ordercast.support;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log line the service writes while open, as the console would show it (same loggers and
 * levels as log4j2.properties), kept in memory so a test can count and read them.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    /** One line as logged: level, logger, message, and whether a stack trace came with it. */
    public record Line(Level level, String logger, String message, boolean stackTrace) {
        @Override
        public String toString() {
            return level + " " + logger + " - " + message + (stackTrace ? " [+stack trace]" : "");
        }
    }

    private final List<Line> lines = new ArrayList<>();

    private LogCapture() {
        super("capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY);
    }

    /** Starts capturing every line that reaches the root logger's appenders. */
    public static LogCapture begin() {
        LogCapture capture = new LogCapture();
        capture.start0();
        return capture;
    }

    private void start0() {
        super.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        configuration.addAppender(this);
        configuration.getRootLogger().addAppender(this, null, null);
        // loggers with appenders of their own (additivity) do not exist in log4j2.properties; all reach root
        configuration.getLoggers().values().forEach(logger -> {
            if (logger != configuration.getRootLogger() && !logger.isAdditive()) {
                logger.addAppender(this, null, null);
            }
        });
        context.updateLoggers();
    }

    @Override
    public synchronized void append(LogEvent event) {
        String message = event.getMessage().getFormattedMessage();
        lines.add(new Line(event.getLevel(), event.getLoggerName(), message,
                event.getThrown() != null || message.contains("\n\tat ")));
    }

    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        configuration.getRootLogger().removeAppender(getName());
        configuration.getLoggers().values().forEach(logger -> logger.removeAppender(getName()));
        context.updateLoggers();
        stop();
    }
}
