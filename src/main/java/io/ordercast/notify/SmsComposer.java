package io.ordercast.notify;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** The SMS gateway request of docs/contract.md §3: {@code {"to","text","reference"}}, text on one line. */
public class SmsComposer {

    public Map<String, Object> compose(Exchange exchange) {
        Delivery delivery = exchange.getProperty("delivery", Delivery.class);
        String text = OutgoingHeaders.oneLine(exchange.getMessage().getBody(String.class));
        Message message = exchange.getMessage();
        OutgoingHeaders.clear(message);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("to", delivery.address());
        request.put("text", text);
        request.put("reference", delivery.notificationId());
        return request;
    }
}
