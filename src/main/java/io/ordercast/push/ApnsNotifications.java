package io.ordercast.push;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.util.SimpleApnsPayloadBuilder;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import io.ordercast.notify.Priority;

/**
 * Turns a {@link PushMessage} into the APNs request: an alert with the rendered title and body, grouped per order
 * ({@code thread-id}), the order's data for the app, and the headers. Bodies too long for APNs' 4096-byte payload
 * limit are shortened here rather than refused by APNs (413 would drop the notification for good).
 */
final class ApnsNotifications {

    /** APNs' limit for a regular (non-VoIP) notification's payload, in bytes. */
    static final int MAX_PAYLOAD_BYTES = 4096;
    private static final String ELLIPSIS = "…";

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

    /**
     * The payload with the whole body when it fits, else with the longest body prefix (whole code points, never a
     * half surrogate pair) plus "…" that fits. Bytes are counted on the JSON Pushy writes, escapes included.
     */
    static String fittingPayload(PushMessage message) {
        String whole = payload(message, message.body());
        if (bytes(whole) <= MAX_PAYLOAD_BYTES) {
            return whole;
        }
        String body = message.body();
        int codePoints = body.codePointCount(0, body.length());
        // binary search for the largest kept prefix: a shorter body never makes the payload longer
        int fits = -1;
        int low = 0;
        int high = codePoints - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (bytes(payload(message, shortened(body, mid))) <= MAX_PAYLOAD_BYTES) {
                fits = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (fits < 0) {
            // the title and the order data alone are too large: let APNs' 413 (PERMANENT) say so
            return payload(message, ELLIPSIS);
        }
        return payload(message, shortened(body, fits));
    }

    private static String shortened(String body, int keptCodePoints) {
        return body.substring(0, body.offsetByCodePoints(0, keptCodePoints)) + ELLIPSIS;
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

    private static int bytes(String payload) {
        return payload.getBytes(StandardCharsets.UTF_8).length;
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
