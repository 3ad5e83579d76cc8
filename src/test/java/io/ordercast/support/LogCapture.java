package io.ordercast.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log line the JVM writes while it is open, with the root logger at the level asked for (as an
 * operator turning up the log level would; loggers that log4j2.properties sets on their own keep
 * their level), as the text a log shipper would store: level, logger, message and stack trace.
 */
public final class LogCapture implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Appender appender = new Appender(lines);
    private final Configuration original;

    public LogCapture(Level level) {
        original = context.getConfiguration();
        Configuration configuration = context.getConfiguration();
        appender.start();
        configuration.addAppender(appender);
        for (LoggerConfig logger : configuration.getLoggers().values()) {
            logger.addAppender(appender, null, null);
        }
        configuration.getRootLogger().addAppender(appender, level, null);
        configuration.getRootLogger().setLevel(level);
        context.updateLoggers();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        context.setConfiguration(original);
        context.reconfigure();
        appender.stop();
    }

    private static final class Appender extends AbstractAppender {
        private final List<String> lines;

        Appender(List<String> lines) {
            super("capture", null, null, true, Property.EMPTY_ARRAY);
            this.lines = lines;
        }

        @Override
        public void append(LogEvent event) {
            StringBuilder line = new StringBuilder()
                    .append(event.getLevel()).append(' ').append(event.getLoggerName()).append(" - ")
                    .append(event.getMessage().getFormattedMessage());
            if (event.getThrown() != null) {
                StringWriter trace = new StringWriter();
                event.getThrown().printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace);
            }
            lines.add(line.toString());
        }
    }
}
