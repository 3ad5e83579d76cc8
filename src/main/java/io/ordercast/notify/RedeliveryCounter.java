package io.ordercast.notify;

import io.ordercast.tracking.Redaction;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Called by the error handler before each redelivery (onRedeliveryRef). Counts them in an exchange
 * property, because Camel's redelivery headers do not survive a transport that replaces the message.
 */
public class RedeliveryCounter implements Processor {

    static final String PROPERTY = "ordercastRedeliveries";
    private static final Logger LOG = LoggerFactory.getLogger(RedeliveryCounter.class);

    @Override
    public void process(Exchange exchange) {
        int redelivery = redeliveries(exchange) + 1;
        exchange.setProperty(PROPERTY, redelivery);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("notification {}: retry {} after {}", exchange.getProperty("notificationId"), redelivery,
                cause == null ? "a failure" : Redaction.mask(cause.getMessage()));
    }

    static int redeliveries(Exchange exchange) {
        Integer count = exchange.getProperty(PROPERTY, Integer.class);
        return count == null ? 0 : count;
    }
}
