package io.ordercast.notify;

import java.time.Instant;
import java.util.Map;

/**
 * A notification taken by a channel consumer, with the decision what to do with it: SEND, or why it
 * is not sent (SUPPRESSED, DEFERRED by quiet hours, SKIPPED because it is not pending any more).
 */
public record Delivery(String notificationId, String channel, String template, String locale, Priority priority,
                       String recipient, String address, String decision, String reason,
                       Map<String, Object> model, String eventPayload, Instant deferUntil) {

    public static final String SEND = "SEND";
    public static final String SUPPRESSED = "SUPPRESSED";
    public static final String DEFERRED = "DEFERRED";
    public static final String SKIPPED = "SKIPPED";

    static Delivery skipped(String notificationId, String reason) {
        return new Delivery(notificationId, null, null, null, null, null, null, SKIPPED, reason, Map.of(), null, null);
    }

    Delivery withDecision(String newDecision, String newReason) {
        return new Delivery(notificationId, channel, template, locale, priority, recipient, address, newDecision,
                newReason, model, eventPayload, null);
    }

    Delivery deferredUntil(Instant until, String why) {
        return new Delivery(notificationId, channel, template, locale, priority, recipient, address, DEFERRED,
                why, model, eventPayload, until);
    }
}
