package io.ordercast.observe;

import io.ordercast.common.Redaction;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error a route is handling, told without the addresses and numbers its message may quote (a conversion
 * error quotes the event it could not convert). Route files write {@code ${bean:maskedError?method=of}} where
 * {@code ${exception.message}} would put them in a log line or a header; as an {@code onRedeliveryRef} it
 * is the retry's WARN line that Camel's own (which prints the exception as it is) gives way to.
 */
public class MaskedError implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(MaskedError.class);

    /** The message of the exception being handled, masked; empty when there is none. */
    public String of(Exchange exchange) {
        Throwable e = caught(exchange);
        return e == null || e.getMessage() == null ? "" : Redaction.mask(e.getMessage());
    }

    @Override
    public void process(Exchange exchange) {
        Throwable e = caught(exchange);
        LOG.warn("{}: attempt {} of {} failed, trying again: {}: {}", exchange.getFromRouteId(),
                exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER),
                1 + exchange.getMessage().getHeader(Exchange.REDELIVERY_MAX_COUNTER, 0, Integer.class),
                e == null ? "unknown error" : e.getClass().getSimpleName(), of(exchange));
    }

    private static Throwable caught(Exchange exchange) {
        Throwable e = exchange.getException();
        return e != null ? e : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
