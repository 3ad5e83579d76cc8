package io.ordercast.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ordercast.observe.TraceContext;
import io.ordercast.routes.ExchangeProperties;
import io.ordercast.tracking.OrderEvent;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.support.DefaultExchange;

/**
 * Gathers what the validation of each message of a batch left: the valid events, in the batch's order, as the
 * body; the delivery tags of the messages that were parked instead, so that a batch run again message by
 * message does not park them twice. A fresh exchange holds the result, so that nothing one message's
 * validation set (its raw bytes, its MDC ids) passes to the batch.
 */
public class ValidEvents implements AggregationStrategy {


    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange result, Exchange piece) {
        if (result == null) {
            result = new DefaultExchange(piece.getContext());
            result.getMessage().setBody(new ArrayList<OrderEvent>());
            result.setProperty(ExchangeProperties.PARKED, new HashSet<Long>());
            result.setProperty(ExchangeProperties.EVENT_TRACES, new HashMap<String, TraceContext>());
        }
        Object body = piece.getMessage().getBody();
        if (piece.getException() != null) {
            // neither tracked nor parked: the batch fails and its messages are run again one by one
            result.setException(piece.getException());
        } else if (body instanceof OrderEvent event) {
            result.getMessage().getBody(List.class).add(event);
            String traceparent = piece.getMessage().getHeader(IngestBatch.EVENT_TRACEPARENT, String.class);
            if (traceparent != null && traceparent.length() <= 55) {
                String tracestate = piece.getMessage().getHeader(IngestBatch.EVENT_TRACESTATE, String.class);
                result.getProperty(ExchangeProperties.EVENT_TRACES, Map.class).put(event.eventId(),
                        new TraceContext(traceparent, tracestate == null || tracestate.length() > 512 ? null : tracestate));
            }
        } else {
            Long tag = piece.getMessage().getHeader(SpringRabbitMQConstants.DELIVERY_TAG, Long.class);
            if (tag != null) {
                result.getProperty(ExchangeProperties.PARKED, Set.class).add(tag);
            }
        }
        return result;
    }
}
