package io.ordercast.channel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The allow-list of headers that may travel with a notification's messages and be kept in a dead
 * letter: the ones ordercast sets itself ({@code x-ordercast-*}), and the W3C trace context
 * ({@code traceparent}, {@code tracestate}) so that a trace goes on where the message goes. Anything else
 * on a message, a caller's {@code Authorization}, a provider token set for the call, a publisher's other
 * headers ({@code baggage}, {@code b3}, vendor trace ids), is dropped, whatever its name. A deny-list would
 * miss the next one.
 */
public final class OwnHeaders {

    public static final String PREFIX = "x-ordercast-";
    /** The W3C trace context headers, exactly these two names. */
    public static final List<String> TRACE_CONTEXT = List.of("traceparent", "tracestate");
    /** What dead_letters.headers holds (V3); one value is cut to keep room for the others. */
    static final int MAX_JSON = 20_000;
    private static final int MAX_VALUE = 1_000;

    private OwnHeaders() {
    }

    public static boolean isOurs(String name) {
        return name != null && name.toLowerCase(Locale.ROOT).startsWith(PREFIX) && name.length() <= 100;
    }

    public static boolean isTraceContext(String name) {
        return name != null && TRACE_CONTEXT.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Ours or the trace context: what may go on with a notification's messages. */
    public static boolean isAllowed(String name) {
        return isOurs(name) || isTraceContext(name);
    }

    /** The allowed headers with a plain value, each value cut to 1,000 characters and all of them to fit the column. */
    public static Map<String, String> of(Map<String, Object> headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        int size = 2;
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            Object value = header.getValue();
            if (!isAllowed(header.getKey()) || !(value instanceof CharSequence || value instanceof Number
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
