package io.ordercast.failure;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The allow-list of headers that may travel with a notification's messages and be kept in a dead
 * letter: only the ones ordercast sets itself ({@code x-ordercast-*}). Anything else on a message, a
 * caller's {@code Authorization}, a provider token set for the call, a publisher's trace headers, is
 * dropped, whatever its name. A deny-list would miss the next one.
 */
public final class OwnHeaders {

    public static final String PREFIX = "x-ordercast-";
    /** What dead_letters.headers holds (V3); one value is cut to keep room for the others. */
    static final int MAX_JSON = 20_000;
    private static final int MAX_VALUE = 1_000;

    private OwnHeaders() {
    }

    public static boolean isOurs(String name) {
        return name != null && name.toLowerCase(Locale.ROOT).startsWith(PREFIX) && name.length() <= 100;
    }

    /** Our headers with a plain value, each value cut to 1,000 characters and all of them to fit the column. */
    static Map<String, String> of(Map<String, Object> headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        int size = 2;
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            Object value = header.getValue();
            if (!isOurs(header.getKey()) || !(value instanceof CharSequence || value instanceof Number
                    || value instanceof Boolean)) {
                continue;
            }
            String text = String.valueOf(value);
            text = text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE - 3) + "...";
            // JSON may escape a character into six: count the worst case
            int cost = 6 * (header.getKey().length() + text.length()) + 6;
            if (size + cost <= MAX_JSON) {
                kept.put(header.getKey(), text);
                size += cost;
            }
        }
        return kept;
    }
}
