package io.ordercast.ingest;

import java.util.Set;

import io.ordercast.routes.ExchangeProperties;
import org.apache.camel.Exchange;

/**
 * The headers of a batch's messages as the ingest route reads them, and the route's way to give a whole batch
 * back to the broker (error/ingest-errors.camel.yaml). The exchange properties are {@link ExchangeProperties}.
 */
public final class IngestBatch {

    /** The W3C trace context of one event's message as it arrived (Camel* headers never go out with a publish). */
    static final String EVENT_TRACEPARENT = "CamelOrdercastEventTraceparent";
    static final String EVENT_TRACESTATE = "CamelOrdercastEventTracestate";

    /** The route's last word while the service stops waiting for the database: every message goes back unacknowledged. */
    public void giveBack(Exchange exchange) {
        exchange.setProperty(ExchangeProperties.GIVE_BACK, Boolean.TRUE);
    }

    static boolean givenBack(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(ExchangeProperties.GIVE_BACK, Boolean.class));
    }

    @SuppressWarnings("unchecked")
    static Set<Long> parked(Exchange exchange) {
        Set<Long> parked = exchange.getProperty(ExchangeProperties.PARKED, Set.class);
        return parked == null ? Set.of() : parked;
    }
}
