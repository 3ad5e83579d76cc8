package io.ordercast.notify;

import io.ordercast.common.BadRequestException;

/**
 * The recipient id of /api/recipients/{id}/…, checked before it reaches the database: PostgreSQL refuses
 * a NUL byte in a text column outright (a 500, not a 400), and no control character belongs in an id.
 */
final class RecipientId {

    /** The length of recipient_preferences.recipient_id and recipient_devices.recipient_id. */
    static final int MAX_LENGTH = 128;

    private RecipientId() {
    }

    static String check(String recipientId) {
        if (recipientId == null || recipientId.isBlank() || recipientId.length() > MAX_LENGTH) {
            throw new BadRequestException("recipient id must be 1-" + MAX_LENGTH + " characters");
        }
        if (recipientId.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("recipient id must not contain control characters (such as %00 or %0A)");
        }
        return recipientId;
    }
}
