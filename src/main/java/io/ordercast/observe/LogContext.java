package io.ordercast.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.ordercast.notify.Delivery;
import io.ordercast.tracking.FollowUp;
import io.ordercast.tracking.OrderEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.MDC;

/**
 * What the log lines of a piece of work are about, in the MDC: {@code orderId} and {@code eventId} once the
 * ingest has read an event (and when the sweeper takes up an event's follow-up), {@code notificationId} once a
 * channel consumer has claimed a notification, and with tracing on {@code traceId} and {@code spanId} of the
 * span current there (the consumer's). Set from the routes (YAML {@code bean} steps after the read and the
 * claim); every line logged afterwards on that thread carries them, whoever logs it. Cleared when the exchange
 * that set them is done (the route policy of {@link #clearing()}), so the next message on the thread starts
 * without them.
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

    /** The ingest, after reading the event. */
    public void event(OrderEvent event) {
        put(ORDER_ID, event.orderId());
        put(EVENT_ID, event.eventId());
        trace();
    }

    /**
     * An event of a batch, as its outcome is logged: with tracing on, the trace ids are those its message carried
     * (the batch's own span is shared by all its events).
     */
    public static void event(String orderId, String eventId, TraceContext trace) {
        put(ORDER_ID, orderId);
        put(EVENT_ID, eventId);
        String[] parts = trace == null ? new String[0] : trace.traceparent().split("-");
        put(TRACE_ID, parts.length == 4 ? parts[1] : null);
        put(SPAN_ID, parts.length == 4 ? parts[2] : null);
    }

    /** The follow-up of an event (the sweeper takes them up on a thread of its own). */
    public void followUp(FollowUp followUp) {
        put(ORDER_ID, followUp.orderId());
        put(EVENT_ID, followUp.eventId());
        trace();
    }

    /** A channel consumer, after the claim. */
    public void notification(Delivery delivery) {
        put(NOTIFICATION_ID, delivery.notificationId());
        trace();
    }

    public static void clear() {
        MDC.remove(ORDER_ID);
        MDC.remove(EVENT_ID);
        MDC.remove(NOTIFICATION_ID);
        MDC.remove(TRACE_ID);
        MDC.remove(SPAN_ID);
    }

    private void trace() {
        if (!tracing) {
            return;
        }
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            MDC.put(TRACE_ID, span.getTraceId());
            MDC.put(SPAN_ID, span.getSpanId());
        }
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /**
     * Clears the keys when an exchange begins and ends in the route it started in (a consumer's: ingest, channel,
     * timer), so nothing is left on the thread from the message before nor carried to the one after.
     */
    public static RoutePolicyFactory clearing() {
        return new RoutePolicyFactory() {
            @Override
            public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
                return new RoutePolicySupport() {
                    @Override
                    public void onExchangeBegin(Route route, Exchange exchange) {
                        if (route.getRouteId().equals(exchange.getFromRouteId())) {
                            clear();
                        }
                    }

                    @Override
                    public void onExchangeDone(Route route, Exchange exchange) {
                        if (route.getRouteId().equals(exchange.getFromRouteId())) {
                            clear();
                        }
                    }
                };
            }
        };
    }
}
