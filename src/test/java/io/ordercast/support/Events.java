package io.ordercast.support;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Order events as an upstream order system publishes them (contract.md section 1). */
public final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    public static Builder event(String orderId, String state) {
        return new Builder(orderId, state);
    }

    public static String newOrderId() {
        return "SO-T-" + UUID.randomUUID().toString().substring(0, 13);
    }

    public static final class Builder {
        private final ObjectNode node = JSON.createObjectNode();

        private Builder(String orderId, String state) {
            node.put("eventId", UUID.randomUUID().toString());
            node.put("orderId", orderId);
            node.put("state", state);
            node.put("occurredAt", Instant.now().toString());
            ObjectNode buyer = node.putObject("buyer");
            buyer.put("id", "u-1001");
            buyer.put("name", "李雷");
            buyer.put("email", "lilei@example.com");
            buyer.put("phone", "+8613800000000");
            buyer.put("locale", "zh-CN");
            ObjectNode seller = node.putObject("seller");
            seller.put("id", "s-88");
            seller.put("name", "Acme Store");
            seller.put("email", "ops@acme.example");
            ObjectNode order = node.putObject("order");
            order.put("total", "199.00");
            order.put("currency", "CNY");
            ObjectNode item = order.putArray("items").addObject();
            item.put("sku", "A-1");
            item.put("name", "Kettle");
            item.put("quantity", 1);
        }

        public Builder sequence(long sequence) {
            node.put("sequence", sequence);
            return this;
        }

        public Builder eventId(String eventId) {
            node.put("eventId", eventId);
            return this;
        }

        public Builder without(String field) {
            node.remove(field);
            return this;
        }

        public Builder set(String field, String value) {
            node.put(field, value);
            return this;
        }

        public ObjectNode node() {
            return node;
        }

        public String eventId() {
            return node.get("eventId").asText();
        }

        public String state() {
            return node.get("state").asText();
        }

        public String json() {
            try {
                return JSON.writeValueAsString(node);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
