package io.ordercast.tracking;

import io.ordercast.common.Redaction;
import io.ordercast.db.Jdbc;
import io.ordercast.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.ordercast.db.SqlValues.fitted;

/**
 * Counts the sweeper's failed tries of a follow-up and gives it up after {@code maxAttempts}: the event
 * is marked followed up with the error in {@code follow_up_error} (shown in the order's timeline) and
 * one ERROR is logged. Without a bound, a follow-up that can never succeed fails on every sweep forever.
 */
public class FollowUpFailures {

    private static final Logger LOG = LoggerFactory.getLogger(FollowUpFailures.class);

    private final Jdbc jdbc;
    private final int maxAttempts;

    public FollowUpFailures(Jdbc jdbc, int maxAttempts) {
        this.jdbc = jdbc;
        this.maxAttempts = Math.max(1, maxAttempts);
    }

    /**
     * Counts a failed try of the follow-up of event {@code eventId}; null: the sweep itself failed, before any
     * follow-up.
     */
    public void failed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e,
                       @ExchangeProperty(ExchangeProperties.FOLLOW_UP_EVENT_ID) String eventId) {
        String error = Redaction.mask(e == null ? "unknown error" : e.getClass().getSimpleName() + ": " + e.getMessage());
        if (eventId == null) {
            LOG.warn("the hold sweep failed: {}", error);
            return;
        }
        int attempts = count(eventId, fitted(error));
        if (attempts >= maxAttempts) {
            LOG.error("event {}: follow-up given up after {} attempts: {}", eventId, attempts, error);
        } else if (attempts > 0) {
            LOG.warn("event {}: follow-up attempt {} of {} failed: {}", eventId, attempts, maxAttempts, error);
        }
    }

    /** Adds one attempt and returns the count; at the maximum the follow-up is given up. 0: already done. */
    private int count(String eventId, String error) {
        return jdbc.inTransaction(() -> {
            Integer before = jdbc.sql().sql("SELECT follow_up_attempts FROM order_events"
                            + " WHERE event_id = ? AND followed_up = FALSE FOR UPDATE")
                    .param(eventId).query(Integer.class).optional().orElse(null);
            if (before == null) {
                return 0;
            }
            int attempts = before + 1;
            boolean giveUp = attempts >= maxAttempts;
            jdbc.sql().sql("UPDATE order_events SET follow_up_attempts = ?, follow_up_error = ?, followed_up = ?"
                            + " WHERE event_id = ?")
                    .params(attempts, fitted(giveUp ? "gave up after " + attempts + " attempts: " + error
                            : "attempt " + attempts + " failed: " + error), giveUp, eventId)
                    .update();
            return attempts;
        });
    }
}
