package io.ordercast.support;

import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log line the service writes while open, as the console would show it (same loggers and
 * levels as log4j2.properties, or the root turned up as an operator would), kept in memory so a
 * test can count and read them.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    /** One line as logged: level, logger, message, the stack trace that came with it, if any, and the MDC. */
    public record Line(Level level, String logger, String message, String thrown, Map<String, String> mdc) {

        public boolean stackTrace() {
            return thrown != null || message.contains("\n\tat ");
        }

        /** Everything the line writes, stack trace included. */
        public String text() {
            return level + " " + logger + " - " + message + (thrown == null ? "" : "\n" + thrown);
        }

        @Override
        public String toString() {
            return level + " " + logger + " - " + message + (stackTrace() ? " [+stack trace]" : "");
        }
    }

    private final List<Line> lines = new ArrayList<>();
    private final List<String> formatted = new ArrayList<>();
    private Level rootLevelBefore;

    private LogCapture(Layout<? extends Serializable> layout) {
        super("capture-" + UUID.randomUUID(), null, layout, true, Property.EMPTY_ARRAY);
    }

    /** Starts capturing every line that reaches the root logger's appenders. */
    public static LogCapture begin() {
        return begin(null);
    }

    /** Starts capturing with the root logger at {@code rootLevel}; loggers log4j2.properties sets keep their level. */
    public static LogCapture begin(Level rootLevel) {
        LogCapture capture = new LogCapture(null);
        capture.start0(rootLevel);
        return capture;
    }

    /**
     * Starts capturing, and also keeps each line as the packaged appender {@code appender} of log4j2.properties
     * (text or json) writes it: {@link #formatted()}.
     */
    public static LogCapture formattedAs(String appender) {
        Configuration configuration = ((LoggerContext) LogManager.getContext(false)).getConfiguration();
        LogCapture capture = new LogCapture(configuration.getAppender(appender).getLayout());
        capture.start0(null);
        return capture;
    }

    private void start0(Level rootLevel) {
        super.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        configuration.addAppender(this);
        configuration.getRootLogger().addAppender(this, null, null);
        if (rootLevel != null) {
            rootLevelBefore = configuration.getRootLogger().getLevel();
            configuration.getRootLogger().setLevel(rootLevel);
        }
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
        String thrown = null;
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            thrown = trace.toString();
        }
        lines.add(new Line(event.getLevel(), event.getLoggerName(), event.getMessage().getFormattedMessage(), thrown,
                Map.copyOf(event.getContextData().toMap())));
        if (getLayout() != null) {
            formatted.add(new String(getLayout().toByteArray(event), StandardCharsets.UTF_8));
        }
    }

    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /** What the layout of {@link #formattedAs} wrote, one string per event (with its line end). */
    public synchronized List<String> formatted() {
        return List.copyOf(formatted);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        configuration.getRootLogger().removeAppender(getName());
        configuration.getLoggers().values().forEach(logger -> logger.removeAppender(getName()));
        if (rootLevelBefore != null) {
            configuration.getRootLogger().setLevel(rootLevelBefore);
        }
        context.updateLoggers();
        stop();
    }
}
