package io.ordercast.observe;

import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;

/**
 * A W3C trace context ({@code traceparent}, {@code tracestate}) kept with a notification, so that a message
 * published later continues the trace of the event that planned it.
 */
public record TraceContext(String traceparent, String tracestate) {

    /** The current context, or null when tracing is off ({@code propagators} null) or no span is current. */
    public static TraceContext current(ContextPropagators propagators) {
        if (propagators == null) {
            return null;
        }
        Map<String, String> headers = new HashMap<>();
        propagators.getTextMapPropagator().inject(Context.current(), headers, Map::put);
        String traceparent = headers.get("traceparent");
        if (traceparent == null || traceparent.length() > 55) {
            return null;
        }
        String tracestate = headers.get("tracestate");
        return new TraceContext(traceparent, tracestate == null || tracestate.length() > 512 ? null : tracestate);
    }
}
