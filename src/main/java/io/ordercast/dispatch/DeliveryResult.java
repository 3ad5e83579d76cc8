package io.ordercast.dispatch;

import java.time.Instant;

/**
 * How a claimed notification's turn ended, as its dispatcher writes it back with the others of its batch: SENT,
 * SUPPRESSED or FAILED for good; LATER, due again at {@code dueAt} (quiet hours, a retry's back-off, a provider
 * that is down), having spent {@code retriesSpent} of its retries; RELEASED, untouched (the service stopped
 * before its turn). {@code tries} counts the transport calls made for it this turn; {@code at} is when it ended (its
 * sent or updated time), written later with the rest of its batch.
 */
public record DeliveryResult(String notificationId, Kind kind, String reason, int tries, int retriesSpent, Instant dueAt,
                             Instant at) {

    public enum Kind { SENT, SUPPRESSED, FAILED, LATER, RELEASED }

    public static DeliveryResult released(String notificationId) {
        return new DeliveryResult(notificationId, Kind.RELEASED, null, 0, 0, null, null);
    }
}
