package io.ordercast.common;

import java.util.regex.Pattern;

/**
 * Masks e-mail addresses and phone-like digit runs in text that reaches logs and parking-queue
 * headers: a parser's message may quote a piece of the broken body it read.
 */
public final class Redaction {

    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)");
    /** An international number, or a run of 7+ digits; dates and times (at most 4 digits in a row) stay. */
    private static final Pattern PHONE = Pattern.compile("(\\+\\d[\\d -]{4,}|\\d{5,})(\\d{2})");

    private Redaction() {
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = EMAIL.matcher(text).replaceAll("$1***@$2");
        return PHONE.matcher(masked).replaceAll("***$2");
    }

    /**
     * A device token as logs, errors and the order view may show it: its last 6 characters, enough to find the
     * device in the registry, too few to send to it ("…" alone for a token too short to cut safely).
     */
    public static String token(String token) {
        if (token == null) {
            return null;
        }
        return token.length() < 12 ? "…" : "…" + token.substring(token.length() - 6);
    }
}
