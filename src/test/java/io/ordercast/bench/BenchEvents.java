package io.ordercast.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Order events as a shop publishes them during a sale: full lifecycles (CREATED, PAID, SHIPPED,
 * COMPLETED), bodies of about 520 bytes with 1-3 items, zh-CN and en buyers, a pool of sellers.
 * Lifecycles are interleaved in blocks, as a sale's orders move through their states side by side.
 */
final class BenchEvents {

    static final List<String> LIFECYCLE = List.of("CREATED", "PAID", "SHIPPED", "COMPLETED");
    private static final int BLOCK = 250;
    private static final int SELLERS = 20;
    private static final String[][] PRODUCTS = {
            {"A-1", "电水壶 Kettle 1.7L"}, {"B-22", "Ceramic mug, set of 4"}, {"C-310", "无线鼠标 Wireless mouse"},
            {"D-7", "Desk lamp with USB charger"}, {"E-45", "保温杯 Vacuum flask 500ml"}, {"F-9", "Bluetooth speaker"}};

    record Event(String eventId, String orderId, String state, byte[] body) {
        String routingKey() {
            return "order." + state.toLowerCase(Locale.ROOT);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchEvents() {
    }

    /** {@code orders} lifecycles, order ids starting with {@code prefix}, in publishing order. */
    static List<Event> lifecycles(String prefix, int orders, int block) {
        List<Event> events = new ArrayList<>(orders * LIFECYCLE.size());
        for (int start = 0; start < orders; start += block) {
            int end = Math.min(orders, start + block);
            for (int s = 0; s < LIFECYCLE.size(); s++) {
                for (int n = start; n < end; n++) {
                    events.add(event(prefix, n, s, new Random(n * 7919L + prefix.hashCode())));
                }
            }
        }
        return events;
    }

    static List<Event> lifecycles(String prefix, int orders) {
        return lifecycles(prefix, orders, BLOCK);
    }

    private static Event event(String prefix, int n, int stateIndex, Random random) {
        String orderId = prefix + "-" + n;
        String state = LIFECYCLE.get(stateIndex);
        boolean chinese = n % 2 == 0;
        ObjectNode e = JSON.createObjectNode();
        String eventId = UUID.randomUUID().toString();
        e.put("eventId", eventId);
        e.put("orderId", orderId);
        e.put("state", state);
        e.put("sequence", stateIndex + 1);
        e.put("occurredAt", Instant.now().toString());
        ObjectNode buyer = e.putObject("buyer");
        buyer.put("id", "u-" + orderId);
        buyer.put("name", chinese ? "李雷" : "Alice Smith");
        buyer.put("email", "buyer-" + n + "@example.com");
        buyer.put("phone", "+86138" + String.format("%08d", n % 100_000_000));
        buyer.put("locale", chinese ? "zh-CN" : "en");
        ObjectNode seller = e.putObject("seller");
        int sellerNo = n % SELLERS;
        seller.put("id", "s-" + sellerNo);
        seller.put("name", "Store " + sellerNo);
        seller.put("email", "ops-" + sellerNo + "@store.example");
        ObjectNode order = e.putObject("order");
        int itemCount = 1 + random.nextInt(3);
        ArrayNode items = order.putArray("items");
        long cents = 0;
        for (int i = 0; i < itemCount; i++) {
            String[] product = PRODUCTS[random.nextInt(PRODUCTS.length)];
            int quantity = 1 + random.nextInt(2);
            cents += quantity * (990L + random.nextInt(20_000));
            ObjectNode item = items.addObject();
            item.put("sku", product[0]);
            item.put("name", product[1]);
            item.put("quantity", quantity);
        }
        order.put("total", String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100));
        order.put("currency", "CNY");
        if (stateIndex >= 2) {
            ObjectNode shipment = e.putObject("shipment");
            shipment.put("carrier", "SF Express");
            shipment.put("trackingNumber", "SF" + (1_000_000_000L + n));
        }
        e.put("channel", "app");
        return new Event(eventId, orderId, state, e.toString().getBytes(StandardCharsets.UTF_8));
    }
}
