package io.ordercast.db;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the log says about a database outage: once when it starts (WARN, with the reason), a reminder
 * at most every {@code reminderInterval} while it lasts (how long, how many operations failed), and
 * once when it ends (INFO, how long). Every database call reports here (through {@link Jdbc}); the
 * retries, sweeps, relay passes and claims that fail meanwhile log nothing of their own, so an outage
 * of minutes is a handful of lines instead of thousands of stack traces.
 */
public final class OutageLog {

    private static final Logger LOG = LoggerFactory.getLogger(OutageLog.class);
    /** a JDBC URL or driver message may carry a password; it never reaches the log */
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password|pwd)=[^;&\\s]*");

    private final Duration reminderInterval;
    private final Clock clock;
    /** read without the lock on every successful call: the usual case costs one volatile read */
    private volatile boolean down;
    private Instant since;
    private Instant lastReminder;
    private long failures;

    public OutageLog(Duration reminderInterval, Clock clock) {
        this.reminderInterval = reminderInterval;
        this.clock = clock;
    }

    /** A database call failed because the database could not be reached. */
    public synchronized void failed(Throwable cause) {
        Instant now = clock.instant();
        failures++;
        if (!down) {
            down = true;
            since = now;
            lastReminder = now;
            LOG.warn("database unavailable: {}. Work that needs it waits and is retried; a reminder follows every {}"
                    + " until it is back", reason(cause), seconds(reminderInterval));
        } else if (!now.isBefore(lastReminder.plus(reminderInterval))) {
            lastReminder = now;
            LOG.warn("database still unavailable after {}: {} operations failed so far; last error: {}",
                    seconds(Duration.between(since, now)), failures, reason(cause));
        }
    }

    /** A database call succeeded. */
    public void succeeded() {
        if (!down) {
            return;
        }
        synchronized (this) {
            if (down) {
                down = false;
                LOG.info("database available again after {} ({} operations failed meanwhile)",
                        seconds(Duration.between(since, clock.instant())), failures);
                failures = 0;
            }
        }
    }

    public boolean isDown() {
        return down;
    }

    /** The most specific message in the chain, e.g. "ConnectException: Connection refused". */
    static String reason(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return PASSWORD.matcher(root.getClass().getSimpleName() + message).replaceAll("$1=***");
    }

    private static String seconds(Duration duration) {
        return Math.max(0, Math.round(duration.toMillis() / 1000.0)) + " s";
    }
}
