package io.ordercast.notify;

import java.time.Instant;

/**
 * One notification the plan asks for. {@code status} is PENDING, or SUPPRESSED with a reason when
 * it can be seen at planning time that it cannot be sent (no such recipient, no address, channel
 * not configured). {@code notBefore} holds a scheduled one (the review reminder) back. {@code deviceToken}
 * names the device of a push notification, null on every other channel.
 */
public record PlannedNotification(String notificationId, String orderId, String eventId, String recipient,
                                  String channel, String template, String locale, Priority priority,
                                  String status, String reason, Instant notBefore, String deviceToken) {

    /** The same notification, planned SUPPRESSED for the reason given. */
    public PlannedNotification suppressed(String why) {
        return new PlannedNotification(notificationId, orderId, eventId, recipient, channel, template, locale, priority,
                "SUPPRESSED", why, notBefore, deviceToken);
    }

    /** PENDING on a channel that can deliver, and not held back: published right after it is recorded. */
    public boolean publishNow() {
        return "PENDING".equals(status) && notBefore == null;
    }
}
