package io.ordercast.recipient;

import java.util.regex.Pattern;

import io.ordercast.common.BadRequestException;
import io.ordercast.common.QuotedInput;

/**
 * The recipient id of /api/recipients/{id}/…: 1-128 characters of {@code A-Z a-z 0-9 . _ -}, starting with a letter
 * or a digit, the same set as order ids. It is the buyer.id or seller.id of the events (the event schema holds them
 * to this rule too, or a recipient's preferences and devices could not be set), stored, logged as role:id and put
 * back into URLs by clients: no control character, no {@code /}, no {@code ..} path segment, no address. Anything
 * outside ASCII is refused too, so the same id cannot arrive in two spellings (NFC and NFD) or as replacement
 * characters from bytes that were not UTF-8.
 */
final class RecipientId {

    /** The length of recipient_preferences.recipient_id and recipient_devices.recipient_id. */
    static final int MAX_LENGTH = 128;

    static final String RULE = "recipient id must be 1-" + MAX_LENGTH + " characters of A-Z a-z 0-9 . _ -, starting"
            + " with a letter or a digit";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

    private RecipientId() {
    }

    static String check(String recipientId) {
        if (recipientId == null || !VALID.matcher(recipientId).matches()) {
            throw new BadRequestException(RULE + " (was " + QuotedInput.of(recipientId == null ? "" : recipientId) + ")");
        }
        return recipientId;
    }
}
