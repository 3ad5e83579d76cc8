package io.ordercast.demo;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A sample order event as docs/contract.md §1 describes it, for the demo and as the tests' starting point. */
public final class SampleOrder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleOrder() {
    }

    public static ObjectNode event(String orderId, String state) {
        ObjectNode event = JSON.createObjectNode();
        event.put("eventId", UUID.randomUUID().toString());
        event.put("orderId", orderId);
        event.put("state", state);
        event.put("occurredAt", Instant.now().toString());
        ObjectNode buyer = event.putObject("buyer");
        buyer.put("id", "u-1001");
        buyer.put("name", "李雷");
        buyer.put("email", "lilei@example.com");
        buyer.put("phone", "+8613800000000");
        buyer.put("locale", "zh-CN");
        ObjectNode seller = event.putObject("seller");
        seller.put("id", "s-88");
        seller.put("name", "Acme Store");
        seller.put("email", "ops@acme.example");
        ObjectNode order = event.putObject("order");
        order.put("total", "199.00");
        order.put("currency", "CNY");
        ObjectNode item = order.putArray("items").addObject();
        item.put("sku", "A-1");
        item.put("name", "Kettle");
        item.put("quantity", 1);
        return event;
    }
}
