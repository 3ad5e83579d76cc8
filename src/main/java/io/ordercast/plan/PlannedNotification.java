package io.ordercast.plan;

import java.time.Duration;
import java.time.Instant;

import io.ordercast.channel.Priority;

/**
 * One notification the plan asks for. {@code status} is PENDING, or SUPPRESSED with a reason when
 * it can be seen at planning time that it cannot be sent (no such recipient, no address, channel
 * not configured). {@code notBefore} holds a scheduled one (the review reminder) back. {@code deviceToken}
 * names the device of a push notification, null on every other channel. {@code digest} is the window of the
 * recipient's digest the notification joins (its plan line's {@code digest=}), null when it is sent on its own.
 */
public record PlannedNotification(String notificationId, String orderId, String eventId, String recipient,
                                  String channel, String template, String locale, Priority priority,
                                  String status, String reason, Instant notBefore, String deviceToken, Duration digest) {

    /** A notification sent on its own. */
    public PlannedNotification(String notificationId, String orderId, String eventId, String recipient, String channel,
                               String template, String locale, Priority priority, String status, String reason,
                               Instant notBefore, String deviceToken) {
        this(notificationId, orderId, eventId, recipient, channel, template, locale, priority, status, reason, notBefore,
                deviceToken, null);
    }

    /** The same notification, planned SUPPRESSED for the reason given. */
    public PlannedNotification suppressed(String why) {
        return new PlannedNotification(notificationId, orderId, eventId, recipient, channel, template, locale, priority,
                "SUPPRESSED", why, notBefore, deviceToken, digest);
    }

    /** PENDING and waiting for its digest: the digest's row is sent, not this one. */
    public boolean joinsDigest() {
        return digest != null && "PENDING".equals(status);
    }

    /** PENDING on a channel that can deliver, and not held back: published right after it is recorded. */
    public boolean publishNow() {
        return "PENDING".equals(status) && notBefore == null && digest == null;
    }
}
