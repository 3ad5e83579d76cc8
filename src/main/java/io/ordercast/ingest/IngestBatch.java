package io.ordercast.ingest;

import java.util.Set;

import org.apache.camel.Exchange;

/**
 * The names a batch of events carries through the ingest route and its error handling
 * (error/ingest-errors.camel.yaml), and the route's way to give a whole batch back to the broker.
 */
public final class IngestBatch {

    /** The bytes of the one event an exchange is about, as received: what a parked copy holds. */
    public static final String RAW_EVENT = "ordercastRawEvent";
    /** The W3C trace context of one event's message as it arrived (Camel* headers never go out with a publish). */
    static final String EVENT_TRACEPARENT = "CamelOrdercastEventTraceparent";
    static final String EVENT_TRACESTATE = "CamelOrdercastEventTracestate";
    /** Delivery tags of the batch's messages already parked as invalid. */
    static final String PARKED = "ordercastParked";
    private static final String GIVE_BACK = "ordercastGiveBack";

    /** The route's last word while the service stops waiting for the database: every message goes back unacknowledged. */
    public void giveBack(Exchange exchange) {
        exchange.setProperty(GIVE_BACK, Boolean.TRUE);
    }

    static boolean givenBack(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(GIVE_BACK, Boolean.class));
    }

    @SuppressWarnings("unchecked")
    static Set<Long> parked(Exchange exchange) {
        Set<Long> parked = exchange.getProperty(PARKED, Set.class);
        return parked == null ? Set.of() : parked;
    }
}
