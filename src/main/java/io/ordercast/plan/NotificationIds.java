package io.ordercast.plan;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic notification ids: the same (event, role, channel, device) always gives the same id,
 * across redeliveries, restarts and instances, so the id is the idempotency key of the send.
 */
public final class NotificationIds {

    private NotificationIds() {
    }

    public static String of(String eventId, String role, String channel, String deviceToken) {
        String key = String.join("\u001f", eventId, role, channel, deviceToken == null ? "" : deviceToken);
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
