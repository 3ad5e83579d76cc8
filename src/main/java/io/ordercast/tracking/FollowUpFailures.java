package io.ordercast.tracking;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

import io.ordercast.db.Jdbc;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the sweeper's failed tries of a follow-up and gives it up after {@code maxAttempts}: the event
 * is marked followed up with the error in {@code follow_up_error} (shown in the order's timeline) and
 * one ERROR is logged. Without a bound, a follow-up that can never succeed fails on every sweep forever.
 */
public class FollowUpFailures {

    /** The exchange property that names the event whose follow-up is being tried. */
    public static final String EVENT_PROPERTY = "followUpEventId";

    private static final Logger LOG = LoggerFactory.getLogger(FollowUpFailures.class);

    private final Jdbc jdbc;
    private final int maxAttempts;

    public FollowUpFailures(Jdbc jdbc, int maxAttempts) {
        this.jdbc = jdbc;
        this.maxAttempts = Math.max(1, maxAttempts);
    }

    public void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String error = Redaction.mask(e == null ? "unknown error" : e.getClass().getSimpleName() + ": " + e.getMessage());
        String eventId = exchange.getProperty(EVENT_PROPERTY, String.class);
        if (eventId == null) {
            LOG.warn("the hold sweep failed: {}", error);
            return;
        }
        int attempts = count(eventId, cut(error));
        if (attempts >= maxAttempts) {
            LOG.error("event {}: follow-up given up after {} attempts: {}", eventId, attempts, error);
        } else if (attempts > 0) {
            LOG.warn("event {}: follow-up attempt {} of {} failed: {}", eventId, attempts, maxAttempts, error);
        }
    }

    /** Adds one attempt and returns the count; at the maximum the follow-up is given up. 0: already done. */
    private int count(String eventId, String error) {
        return jdbc.inTransaction(c -> {
            int attempts;
            try (PreparedStatement ps = c.prepareStatement("SELECT follow_up_attempts FROM order_events"
                    + " WHERE event_id = ? AND followed_up = FALSE FOR UPDATE")) {
                ps.setString(1, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return 0;
                    }
                    attempts = rs.getInt(1) + 1;
                }
            }
            boolean giveUp = attempts >= maxAttempts;
            try (PreparedStatement ps = c.prepareStatement("UPDATE order_events SET follow_up_attempts = ?,"
                    + " follow_up_error = ?, followed_up = ? WHERE event_id = ?")) {
                ps.setInt(1, attempts);
                ps.setString(2, cut(giveUp ? "gave up after " + attempts + " attempts: " + error
                        : "attempt " + attempts + " failed: " + error));
                ps.setBoolean(3, giveUp);
                ps.setString(4, eventId);
                ps.executeUpdate();
            }
            return attempts;
        });
    }

    private static String cut(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }
}
