package io.ordercast.channel.sms;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ordercast.channel.OutgoingHeaders;
import io.ordercast.dispatch.Delivery;
import org.apache.camel.Exchange;

/** The SMS gateway request of docs/contract.md §3: {@code {"to","text","reference"}}, text on one line. */
public class SmsComposer {

    public Map<String, Object> compose(Exchange exchange) {
        Delivery delivery = exchange.getProperty("delivery", Delivery.class);
        Map<String, Object> request = request(delivery, exchange.getMessage().getBody(String.class));
        OutgoingHeaders.clear(exchange.getMessage());
        return request;
    }

    /** The gateway request for the delivery's rendered text. */
    public Map<String, Object> request(Delivery delivery, String rendered) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("to", delivery.address());
        request.put("text", OutgoingHeaders.oneLine(rendered));
        request.put("reference", delivery.notificationId());
        return request;
    }
}
