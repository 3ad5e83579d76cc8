package io.ordercast.channel.push;

import java.time.Instant;
import java.util.UUID;

import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.util.SimpleApnsPayloadBuilder;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import io.ordercast.channel.Priority;

/**
 * Turns a {@link PushMessage} into the APNs request: an alert with the rendered title and body, grouped per order
 * ({@code thread-id}), the order's data for the app, and the headers. Bodies too long for APNs' 4096-byte payload
 * limit are shortened here rather than refused by APNs (413 would drop the notification for good).
 */
final class ApnsNotifications {

    /** APNs' limit for a regular (non-VoIP) notification's payload, in bytes. */
    static final int MAX_PAYLOAD_BYTES = 4096;

    private ApnsNotifications() {
    }

    static SimpleApnsPushNotification of(PushMessage message, String topic) {
        String payload = fittingPayload(message);
        return new SimpleApnsPushNotification(message.token(), topic, payload,
                // APNs keeps trying an offline device until then (Pushy's default): order news older than a day is stale
                Instant.now().plus(SimpleApnsPushNotification.DEFAULT_EXPIRATION_PERIOD),
                priority(message.priority()), PushType.ALERT,
                // the notificationId is the same across retries of one notification: the device shows it once
                message.notificationId(),
                apnsId(message.notificationId()));
    }

    /** 10 (at once, may wake the device) for HIGH; 5 (when the device is awake anyway) for NORMAL and LOW. */
    static DeliveryPriority priority(Priority priority) {
        return priority == Priority.HIGH ? DeliveryPriority.IMMEDIATE : DeliveryPriority.CONSERVE_POWER;
    }

    /** The payload with the whole body, or the longest prefix of it that fits APNs' limit (PayloadFit). */
    static String fittingPayload(PushMessage message) {
        String fitting = PayloadFit.withLongestText(message.body(), body -> payload(message, body), MAX_PAYLOAD_BYTES);
        // the title and the order data alone too large: let APNs' 413 (PERMANENT) say so
        return fitting != null ? fitting : payload(message, PayloadFit.ELLIPSIS);
    }

    private static String payload(PushMessage message, String body) {
        SimpleApnsPayloadBuilder builder = new SimpleApnsPayloadBuilder();
        builder.setAlertTitle(message.title());
        builder.setAlertBody(body);
        if (message.orderId() != null) {
            // iOS groups an order's notifications together in the notification centre
            builder.setThreadId(message.orderId());
            builder.addCustomProperty("orderId", message.orderId());
        }
        if (message.state() != null) {
            builder.addCustomProperty("state", message.state());
        }
        builder.addCustomProperty("notificationId", message.notificationId());
        return builder.build();
    }

    /**
     * Our notificationId as the request's {@code apns-id} when it is a UUID (NotificationIds makes one), so Apple's
     * and our records name the same notification; otherwise APNs assigns one.
     */
    private static UUID apnsId(String notificationId) {
        try {
            UUID id = UUID.fromString(notificationId);
            return id.toString().equalsIgnoreCase(notificationId) ? id : null;
        } catch (IllegalArgumentException notAUuid) {
            return null;
        }
    }
}
