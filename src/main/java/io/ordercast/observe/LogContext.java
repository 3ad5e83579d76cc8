package io.ordercast.observe;

import java.util.Map;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.apache.camel.ExchangeProperties;
import org.slf4j.MDC;

/**
 * What the log lines of a piece of work are about: {@code orderId}, {@code eventId}, {@code notificationId} and, with
 * tracing on, {@code traceId} and {@code spanId}. camel-mdc ({@code camel.mdc.*} in application.properties) copies
 * these exchange properties into the MDC around every step of a route, and removes them after it, so every line
 * logged while a route works on a notification or a follow-up carries them. Two things camel-mdc does not do are
 * here: the trace ids as exchange properties (it reads no span), and the ids of each event of a batch, which is one
 * exchange of many events (its per-event lines set the MDC by hand, {@link #event}).
 */
public final class LogContext {

    public static final String ORDER_ID = "orderId";
    public static final String EVENT_ID = "eventId";
    public static final String NOTIFICATION_ID = "notificationId";
    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    private final boolean tracing;

    public LogContext(boolean tracing) {
        this.tracing = tracing;
    }

    /** With tracing on, the ids of the span current in this step, as exchange properties for camel-mdc. */
    public void traceIds(@ExchangeProperties Map<String, Object> properties) {
        if (!tracing) {
            return;
        }
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            properties.put(TRACE_ID, span.getTraceId());
            properties.put(SPAN_ID, span.getSpanId());
        }
    }

    /**
     * An event of a batch, as its outcome is logged: with tracing on, the trace ids are those its message carried
     * (the batch's own span is shared by all its events). {@link #clear} after the batch's lines.
     */
    public static void event(String orderId, String eventId, TraceContext trace) {
        put(ORDER_ID, orderId);
        put(EVENT_ID, eventId);
        String[] parts = trace == null ? new String[0] : trace.traceparent().split("-");
        put(TRACE_ID, parts.length == 4 ? parts[1] : null);
        put(SPAN_ID, parts.length == 4 ? parts[2] : null);
    }

    public static void clear() {
        MDC.remove(ORDER_ID);
        MDC.remove(EVENT_ID);
        MDC.remove(TRACE_ID);
        MDC.remove(SPAN_ID);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
