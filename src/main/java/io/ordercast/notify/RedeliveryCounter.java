package io.ordercast.notify;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Called by the error handler before each redelivery (onRedeliveryRef). Counts them in an exchange
 * property, because Camel's redelivery headers do not survive a transport that replaces the message.
 */
public class RedeliveryCounter implements Processor {

    static final String PROPERTY = "ordercastRedeliveries";

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(PROPERTY, redeliveries(exchange) + 1);
    }

    static int redeliveries(Exchange exchange) {
        Integer count = exchange.getProperty(PROPERTY, Integer.class);
        return count == null ? 0 : count;
    }
}
