package io.ordercast.dispatch;

import java.time.Instant;
import java.util.Map;

import io.ordercast.channel.Priority;

/**
 * A notification taken by a channel consumer, with the decision what to do with it: SEND, or why it
 * is not sent (SUPPRESSED, DEFERRED by quiet hours, SKIPPED because it is not pending any more).
 * {@code provider} is set on a channel of several providers (push: the one serving the device's platform).
 */
public record Delivery(String notificationId, String channel, String template, String locale, Priority priority,
                       String recipient, String address, String decision, String reason,
                       Map<String, Object> model, String eventPayload, Instant deferUntil, String provider) {

    public static final String SEND = "SEND";
    public static final String SUPPRESSED = "SUPPRESSED";
    public static final String DEFERRED = "DEFERRED";
    public static final String SKIPPED = "SKIPPED";

    static Delivery skipped(String notificationId, String reason) {
        return new Delivery(notificationId, null, null, null, null, null, null, SKIPPED, reason, Map.of(), null, null, null);
    }

    Delivery withDecision(String newDecision, String newReason) {
        return new Delivery(notificationId, channel, template, locale, priority, recipient, address, newDecision,
                newReason, model, eventPayload, null, provider);
    }

    Delivery viaProvider(String serving) {
        return new Delivery(notificationId, channel, template, locale, priority, recipient, address, decision, reason,
                model, eventPayload, deferUntil, serving);
    }

    /** The recipient's id (the part after "buyer:"), or null for a role without one (the carrier). */
    public String recipientId() {
        int colon = recipient == null ? -1 : recipient.indexOf(':');
        return colon < 0 ? null : recipient.substring(colon + 1);
    }

    Delivery deferredUntil(Instant until, String why) {
        return new Delivery(notificationId, channel, template, locale, priority, recipient, address, DEFERRED,
                why, model, eventPayload, until, provider);
    }
}
