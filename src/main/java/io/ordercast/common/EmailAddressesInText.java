package io.ordercast.common;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the e-mail addresses in free text (a parser's message, a relay's reply) for {@link Redaction}. A local
 * part is everything that may stand in one (RFC 5322 atext, RFC 6532 non-ASCII, or a quoted string): a pattern of
 * the usual characters starts it after a {@code '} or {@code !} and leaves what comes before readable. Linear in
 * the text, whatever it holds: it runs on input that anyone may send.
 */
final class EmailAddressesInText {

    /** The address {@code [start, end)}, its {@code @} at {@code at}. */
    record Found(int start, int at, int end) {
    }

    /** RFC 5322 specials: never in an unquoted local part, so a local part read backwards ends at one. */
    private static final String SPECIALS = "()<>[]:;@\\,\"";
    /** Glued to the {@code @}, these end no valid local part ({@code "><b>@x}): the whole word is taken instead. */
    private static final String CLOSING = ">)]\"";
    private static final int MAX_DOMAIN_LITERAL = 64;

    private EmailAddressesInText() {
    }

    static List<Found> find(String text) {
        List<Found> found = new ArrayList<>();
        int taken = 0;
        boolean quotesLeft = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int start = -1;
            int at = -1;
            if (c == '"' && quotesLeft && !escaped(text, i)) {
                int close = closingQuote(text, i);
                // none found: no unescaped quote follows, so no later quote needs the search again
                quotesLeft = close >= 0;
                if (close >= 0 && close + 1 < text.length() && text.charAt(close + 1) == '@') {
                    start = i;
                    at = close + 1;
                }
            } else if (c == '@') {
                start = localStart(text, i, taken);
                at = i;
            }
            if (start >= 0 && start < at) {
                int end = domainEnd(text, at + 1);
                // without a domain it is no address (a regular expression's [^@\s]+@ stays readable)
                if (end > at + 1) {
                    found.add(new Found(start, at, end));
                    taken = end;
                    i = end - 1;
                }
            }
        }
        return found;
    }

    private static int localStart(String text, int at, int taken) {
        if (at == taken) {
            return at;
        }
        boolean wholeWord = CLOSING.indexOf(text.charAt(at - 1)) >= 0;
        int start = at;
        while (start > taken) {
            int cp = text.codePointBefore(start);
            if (blank(cp) || (!wholeWord && cp < 128 && SPECIALS.indexOf(cp) >= 0)) {
                break;
            }
            start -= Character.charCount(cp);
        }
        return start;
    }

    /**
     * Letters, digits and marks of any script, dots and hyphens, or a literal ({@code [192.0.2.1]},
     * {@code [IPv6:2001:db8::1]}); a trailing dot ends the sentence, not the domain.
     */
    private static int domainEnd(String text, int from) {
        if (from < text.length() && text.charAt(from) == '[') {
            for (int j = from + 1; j < text.length() && j <= from + MAX_DOMAIN_LITERAL; j++) {
                char c = text.charAt(j);
                if (c == ']') {
                    return j > from + 1 ? j + 1 : from;
                }
                if (!Character.isLetterOrDigit(c) && c != '.' && c != ':') {
                    return from;
                }
            }
            return from;
        }
        int end = from;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            if (!Character.isLetterOrDigit(cp) && Character.getType(cp) != Character.NON_SPACING_MARK
                    && Character.getType(cp) != Character.COMBINING_SPACING_MARK && cp != '.' && cp != '-') {
                break;
            }
            end += Character.charCount(cp);
        }
        while (end > from && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
            end--;
        }
        return end;
    }

    private static int closingQuote(String text, int open) {
        for (int j = open + 1; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '"') {
                return j;
            }
        }
        return -1;
    }

    private static boolean escaped(String text, int i) {
        int backslashes = 0;
        for (int j = i - 1; j >= 0 && text.charAt(j) == '\\'; j--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static boolean blank(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp);
    }
}
