package io.ordercast.common;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an e-mail address or a phone number looks wherever it leaves the service: log lines, failure reasons
 * (stored, shown by the API and the operator page), the dead-letter list, parking-queue headers. An address keeps
 * its domain and, of a local part of three characters or more, the first one when it is a letter or digit
 * ({@code l***@example.com}, {@code ***@例子.中国}); a number keeps its last two digits ({@code ***00}).
 * {@link #mask} finds them in text, {@link #address} masks a value known to be one; both give the same form.
 */
public final class Redaction {

    private static final String HIDDEN = "***";
    /** Fewer digits are a count, a port, a year: not a phone number. */
    private static final int PHONE_DIGITS = 7;
    /** One character of a shorter local part would be half of it or more. */
    private static final int SHOWN_FROM = 3;

    /**
     * Dates, times and IPv4 addresses stay as they are; a number formatted as people write phone numbers (+, 00,
     * spaces, dashes, dots, parentheses) that does not start inside a word or an id ({@code 3f2a-1234-5678}); any
     * run of digits long enough to be one. No repeated group: Java's regex engine recurses for each repetition of
     * one, and a long "1 1 1 …" in a parser's message would overflow the stack.
     */
    private static final Pattern NUMBER = Pattern.compile(
            "(?<keep>(?<!\\d)\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?)?"
                    + "|(?<![\\d.])\\d{1,3}(?:\\.\\d{1,3}){3}(?![.\\d]))"
                    + "|(?<![\\p{L}\\p{N}][-.]?)(?:\\+|\\(\\+?)?\\p{Nd}[\\p{Nd} \\u00a0().-]*"
                    + "|\\p{Nd}{" + PHONE_DIGITS + ",}");
    private static final Pattern PHONE = Pattern.compile("[+(]?[\\p{Nd} \\u00a0().-]+");
    private static final Pattern DOMAIN = Pattern.compile("[\\p{L}\\p{M}\\p{N}.-]{1,255}|\\[[\\p{Alnum}.:]{1,62}]");

    private Redaction() {
    }

    /** The text with every e-mail address and phone number in it masked; everything else as it was. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder masked = new StringBuilder(text.length());
        int done = 0;
        for (EmailAddressesInText.Found found : EmailAddressesInText.find(text)) {
            maskNumbers(text.substring(done, found.start()), masked);
            masked.append(localPart(text.substring(found.start(), found.at())))
                    .append(text, found.at(), found.end());
            done = found.end();
        }
        maskNumbers(text.substring(done), masked);
        return masked.toString();
    }

    /**
     * One recipient address as the service names it, whatever its shape: an e-mail address (its domain kept only
     * when it is one), a phone number, anything else as a local part. Nothing of it but the kept characters remains.
     */
    public static String address(String value) {
        if (value == null) {
            return null;
        }
        int at = value.lastIndexOf('@');
        if (at >= 0) {
            String domain = value.substring(at + 1);
            return localPart(value.substring(0, at)) + "@" + (DOMAIN.matcher(domain).matches() ? domain : HIDDEN);
        }
        String digits = value.replaceAll("\\P{Nd}", "");
        if (!digits.isEmpty() && PHONE.matcher(value).matches()) {
            return HIDDEN + (digits.length() >= PHONE_DIGITS ? digits.substring(digits.length() - 2) : "");
        }
        return localPart(value);
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

    /** An opening quote stays, so that text quoting the address ({@code 'l***@x'}) still reads as it did. */
    private static String localPart(String local) {
        int from = 0;
        while (from < local.length() && (local.charAt(from) == '"' || local.charAt(from) == '\'')) {
            from++;
        }
        int to = local.length();
        while (to > from && local.charAt(to - 1) == '"') {
            to--;
        }
        String quote = from > 0 ? local.substring(0, 1) : "";
        if (to - from == 0) {
            return quote + HIDDEN;
        }
        int first = local.codePointAt(from);
        boolean shown = Character.isLetterOrDigit(first) && local.codePointCount(from, to) >= SHOWN_FROM;
        return quote + (shown ? Character.toString(first) : "") + HIDDEN;
    }

    private static void maskNumbers(String text, StringBuilder masked) {
        Matcher m = NUMBER.matcher(text);
        int done = 0;
        while (m.find()) {
            if (m.group("keep") != null) {
                continue;
            }
            // the separators after the last digit are not part of the number: "+86 138 0000 0000 (mobile)"
            int end = m.end();
            while (!Character.isDigit(text.charAt(end - 1))) {
                end--;
            }
            String digits = text.substring(m.start(), end).replaceAll("\\P{Nd}", "");
            if (digits.length() >= PHONE_DIGITS) {
                masked.append(text, done, m.start()).append(HIDDEN).append(digits, digits.length() - 2, digits.length());
                done = end;
            }
        }
        masked.append(text, done, text.length());
    }
}
