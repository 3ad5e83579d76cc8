package io.ordercast.common;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A caller's input as an error message quotes it: its first {@value #MAX_CODE_POINTS} characters between single
 * quotes, {@code …} after them when there was more. An answer to a bad request must not hand back the request
 * (up to the 64 KiB body limit), and what it quotes lands in clients' logs and pages, so control, format (bidi
 * overrides, zero-width) and separator characters are escaped as Java writes them ({@code \n}, or a backslash, u
 * and four hex digits), as are the backslash and {@code '}, which would make the quote ambiguous.
 */
public final class QuotedInput {

    static final int MAX_CODE_POINTS = 40;

    private static final int MAX_MESSAGE = 200;
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    private QuotedInput() {
    }

    public static String of(Object input) {
        String text = String.valueOf(input);
        StringBuilder quoted = new StringBuilder(MAX_CODE_POINTS + 16).append('\'');
        int taken = 0;
        int i = 0;
        while (i < text.length() && taken < MAX_CODE_POINTS) {
            int c = text.codePointAt(i);
            appendEscaped(quoted, c);
            i += Character.charCount(c);
            taken++;
        }
        if (i < text.length()) {
            quoted.append('…');
        }
        return quoted.append('\'').toString();
    }

    /**
     * Someone else's message about the input (a JSON parser's), with what it quotes in single quotes cut down
     * as {@link #of} would, and what would not show as itself escaped: Jackson quotes up to 256 characters of
     * an unrecognised token, and a token may hold format characters.
     */
    public static String within(String message) {
        String text = String.valueOf(message);
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
        Matcher quote = QUOTED.matcher(text);
        int last = 0;
        while (quote.find()) {
            appendVisible(out, text.substring(last, quote.start()));
            out.append(of(quote.group(1)));
            last = quote.end();
        }
        appendVisible(out, text.substring(last));
        // a quote inside a quote pairs the wrong marks: the length bound holds all the same
        return out.length() <= MAX_MESSAGE ? out.toString() : out.substring(0, MAX_MESSAGE) + "…";
    }

    private static void appendVisible(StringBuilder out, String text) {
        text.codePoints().forEach(c -> {
            if (invisible(c)) {
                appendEscaped(out, c);
            } else {
                out.appendCodePoint(c);
            }
        });
    }

    /** Escapes what would not show as itself, or would change what comes after it. */
    static void appendEscaped(StringBuilder out, int c) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\\' -> out.append("\\\\");
            case '\'' -> out.append("\\'");
            default -> {
                if (invisible(c)) {
                    out.append(String.format("\\u%04X", c));
                } else {
                    out.appendCodePoint(c);
                }
            }
        }
    }

    private static boolean invisible(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE || type == Character.PRIVATE_USE
                || type == Character.UNASSIGNED;
    }
}
