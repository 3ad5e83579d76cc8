package io.ordercast.support;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.demo.SampleOrder;

/** Order events as an upstream order system publishes them (docs/contract.md §1). */
public final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    public static Builder event(String orderId, String state) {
        return new Builder(orderId, state);
    }

    /**
     * A new order taken to SHIPPED (with carrier and tracking number) with a buyer of its own, so
     * the frequency cap of one order never touches another.
     */
    public static String publishShippedOrder(RunningService service) {
        String orderId = newOrderId();
        List<String> states = List.of("CREATED", "PAID", "SHIPPED");
        for (int i = 0; i < states.size(); i++) {
            Builder e = event(orderId, states.get(i)).sequence(i + 1);
            ((ObjectNode) e.node().get("buyer")).put("id", "u-" + orderId);
            ObjectNode shipment = e.node().putObject("shipment");
            shipment.put("carrier", "SF Express");
            shipment.put("trackingNumber", "SF1");
            service.publish(e);
        }
        return orderId;
    }

    public static String newOrderId() {
        return "SO-T-" + UUID.randomUUID().toString().substring(0, 13);
    }

    public static final class Builder {
        private final ObjectNode node;

        private Builder(String orderId, String state) {
            node = SampleOrder.event(orderId, state);
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
