package io.ordercast.channel.push;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Both providers refuse a payload over their byte limit for good (FCM INVALID_ARGUMENT, APNs 413), so the text
 * gives way first: the longest prefix of it, in whole code points (never half a surrogate pair) and ending in
 * "…", whose rendered payload still fits. Bytes are counted on the rendered payload, escapes included.
 */
final class PayloadFit {

    static final String ELLIPSIS = "…";

    private PayloadFit() {
    }

    /**
     * The payload rendered with the whole text when it fits, else with the longest prefix of it that fits; null
     * when not even "…" alone does. A shorter text never makes the payload longer, so a binary search finds it.
     */
    static String withLongestText(String text, Function<String, String> render, int maxBytes) {
        String whole = render.apply(text);
        if (bytes(whole) <= maxBytes) {
            return whole;
        }
        if (bytes(render.apply(cut(text, 0))) > maxBytes) {
            return null;
        }
        int low = 0;
        int high = text.codePointCount(0, text.length());
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (bytes(render.apply(cut(text, middle))) <= maxBytes) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return render.apply(cut(text, low));
    }

    /** The first {@code codePoints} of the text and "…", trailing spaces dropped; the text itself if it is that short. */
    static String cut(String text, int codePoints) {
        if (text.codePointCount(0, text.length()) <= codePoints) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, codePoints)).stripTrailing() + ELLIPSIS;
    }

    private static int bytes(String payload) {
        return payload.getBytes(StandardCharsets.UTF_8).length;
    }
}
