package io.ordercast.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.support.Events;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.amqp.core.Message;

import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A corpus of bad and awkward input driven through the real broker, one message at a time: each
 * ends in ordercast.events.invalid (byte for byte, with a reason naming what to fix) or with the
 * outcome a correct event of its kind gets.
 */
class BadInputCorpusIT {

    private static RunningService service;

    /** {@code invalidBecause}: a piece of the expected x-ordercast-error; null: the event is valid and APPLIED. */
    record Case(String name, byte[] body, String orderId, String invalidBecause) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() {
        service = RunningService.start(Map.of("ordercast.ingest.consumers", "1"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void should_park_invalid_input_with_a_reason_or_apply_valid_input(Case c) {
        int invalidBefore = service.messagesIn(OrdercastTopology.INVALID_QUEUE);
        service.publishRaw(c.body(), "order.created");

        if (c.invalidBecause() == null) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !service.timeline(c.orderId()).isEmpty());
            assertThat(service.timeline(c.orderId())).singleElement()
                    .satisfies(e -> assertThat(e.get("outcome")).isEqualTo("APPLIED"));
            assertThat(service.messagesIn(OrdercastTopology.INVALID_QUEUE)).isEqualTo(invalidBefore);
        } else {
            await().atMost(Duration.ofSeconds(10)).until(() -> service.messagesIn(OrdercastTopology.INVALID_QUEUE) > invalidBefore);
            Message parked = service.receive(OrdercastTopology.INVALID_QUEUE);
            assertThat(parked.getBody()).as("the original body, byte for byte").isEqualTo(c.body());
            String reason = parked.getMessageProperties().getHeader("x-ordercast-error");
            assertThat(reason).as("reason").isNotBlank().containsIgnoringCase(c.invalidBecause())
                    .matches("^(not JSON|schema|size|state|occurredAt): .*").doesNotContain("\n");
        }
    }

    static Stream<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        String full = event("SO-CUT", "CREATED").sequence(1).json();
        // truncated and not JSON at all
        raw(cases, "empty body", "", "not JSON");
        raw(cases, "whitespace only", "   \n ", "not JSON");
        raw(cases, "lone brace", "{", "not JSON");
        raw(cases, "cut after a key", "{\"eventId\":", "not JSON");
        raw(cases, "full event cut in half", full.substring(0, full.length() / 2), "not JSON");
        raw(cases, "full event missing its last brace", full.substring(0, full.length() - 1), "not JSON");
        raw(cases, "plain text", "order paid", "not JSON");
        raw(cases, "xml", "<event state=\"PAID\"/>", "not JSON");
        raw(cases, "json null", "null", "schema");
        raw(cases, "json number", "42", "schema");
        raw(cases, "json string", "\"PAID\"", "schema");
        raw(cases, "json array", "[]", "schema");
        raw(cases, "trailing garbage", full + "}}", "not JSON");
        raw(cases, "single quotes", full.replace('"', '\''), "not JSON");
        raw(cases, "nested 5000 deep", "[".repeat(5000) + "]".repeat(5000), "not JSON");
        // wrong types
        invalid(cases, "eventId a number", e -> e.put("eventId", 7), "eventId");
        invalid(cases, "orderId a number", e -> e.put("orderId", 7), "orderId");
        invalid(cases, "sequence a string", e -> e.put("sequence", "2"), "sequence");
        invalid(cases, "sequence zero", e -> e.put("sequence", 0), "sequence");
        invalid(cases, "sequence negative", e -> e.put("sequence", -3), "sequence");
        invalid(cases, "sequence a fraction", e -> e.put("sequence", 1.5), "sequence");
        invalid(cases, "sequence beyond 2^53", e -> e.put("sequence", new java.math.BigInteger("100000000000000000000000")), "sequence");
        invalid(cases, "sequence null", e -> e.putNull("sequence"), "sequence");
        invalid(cases, "occurredAt a number", e -> e.put("occurredAt", 1700000000), "occurredAt");
        invalid(cases, "buyer a string", e -> e.put("buyer", "u-1001"), "buyer");
        invalid(cases, "buyer an array", e -> e.putArray("buyer"), "buyer");
        invalid(cases, "buyer id a number", e -> ((ObjectNode) e.get("buyer")).put("id", 1001), "buyer.id");
        invalid(cases, "items an object", e -> ((ObjectNode) e.get("order")).putObject("items"), "items");
        invalid(cases, "quantity zero", e -> ((ObjectNode) e.get("order").get("items").get(0)).put("quantity", 0), "quantity");
        invalid(cases, "total a number", e -> ((ObjectNode) e.get("order")).put("total", 199), "total");
        invalid(cases, "currency in lower case", e -> ((ObjectNode) e.get("order")).put("currency", "cny"), "currency");
        invalid(cases, "phone not E.164", e -> ((ObjectNode) e.get("buyer")).put("phone", "13800000000"), "phone");
        // missing or malformed ids
        invalid(cases, "no eventId", e -> e.remove("eventId"), "eventId");
        invalid(cases, "no orderId", e -> e.remove("orderId"), "orderId");
        invalid(cases, "no state", e -> e.remove("state"), "state");
        invalid(cases, "no occurredAt", e -> e.remove("occurredAt"), "occurredAt");
        invalid(cases, "no buyer", e -> e.remove("buyer"), "buyer");
        invalid(cases, "no buyer id", e -> ((ObjectNode) e.get("buyer")).remove("id"), "id");
        invalid(cases, "empty eventId", e -> e.put("eventId", ""), "eventId");
        invalid(cases, "eventId of 129 characters", e -> e.put("eventId", "e".repeat(129)), "eventId");
        invalid(cases, "orderId of 65 characters", e -> e.put("orderId", "O".repeat(65)), "orderId");
        invalid(cases, "orderId with a space", e -> e.put("orderId", "SO 1"), "orderId");
        invalid(cases, "orderId with a slash", e -> e.put("orderId", "SO/1"), "orderId");
        invalid(cases, "orderId with SQL", e -> e.put("orderId", "SO-1'; DROP TABLE orders; --"), "orderId");
        // recipient ids the recipients API would refuse: their preferences and devices could never be set
        invalid(cases, "buyer id with a line break", e -> ((ObjectNode) e.get("buyer")).put("id", "u-1\r\nX: y"), "buyer.id");
        invalid(cases, "buyer id with ../", e -> ((ObjectNode) e.get("buyer")).put("id", "../u-1"), "buyer.id");
        invalid(cases, "buyer id an e-mail address", e -> ((ObjectNode) e.get("buyer")).put("id", "lilei@example.com"), "buyer.id");
        invalid(cases, "buyer id in Chinese", e -> ((ObjectNode) e.get("buyer")).put("id", "李雷"), "buyer.id");
        invalid(cases, "buyer id of 129 characters", e -> ((ObjectNode) e.get("buyer")).put("id", "u".repeat(129)), "buyer.id");
        invalid(cases, "empty buyer id", e -> ((ObjectNode) e.get("buyer")).put("id", ""), "buyer.id");
        invalid(cases, "seller id with a space", e -> ((ObjectNode) e.get("seller")).put("id", "s 88"), "seller.id");
        invalid(cases, "seller id starting with a dot", e -> ((ObjectNode) e.get("seller")).put("id", ".."), "seller.id");
        // longer than the database column that keeps them
        invalid(cases, "buyer locale of 36 characters", e -> ((ObjectNode) e.get("buyer")).put("locale", "en-" + "abcdefgh-".repeat(3) + "abcdef"), "buyer.locale");
        invalid(cases, "seller locale of 36 characters", e -> ((ObjectNode) e.get("seller")).put("locale", "en-" + "abcdefgh-".repeat(3) + "abcdef"), "seller.locale");
        // states and dates
        invalid(cases, "unknown state", e -> e.put("state", "LOST"), "unknown state 'LOST'");
        invalid(cases, "state in lower case", e -> e.put("state", "paid"), "state");
        invalid(cases, "empty state", e -> e.put("state", ""), "state");
        invalid(cases, "date that is not a date", e -> e.put("occurredAt", "yesterday"), "occurredAt");
        invalid(cases, "month 13", e -> e.put("occurredAt", "2026-13-45T00:00:00Z"), "occurredAt");
        invalid(cases, "date without a time", e -> e.put("occurredAt", "2026-11-22"), "occurredAt");
        // bytes that are not UTF-8
        bytes(cases, "invalid UTF-8 continuation", withBytes(full, new byte[] {(byte) 0xC3, (byte) 0x28}), "UTF-8");
        bytes(cases, "0xFF byte", withBytes(full, new byte[] {(byte) 0xFF}), "UTF-8");
        bytes(cases, "overlong encoding of '/'", withBytes(full, new byte[] {(byte) 0xC0, (byte) 0xAF}), "UTF-8");
        bytes(cases, "raw NUL byte in a string", withBytes(full, new byte[] {0}), "not JSON");
        // size
        invalid(cases, "300 KiB body", e -> e.put("note", "x".repeat(300 * 1024)), "limit is 262144");
        invalid(cases, "10000 items", e -> items(e, 10_000), "limit is 262144");
        // awkward but valid: stored and applied as they are
        valid(cases, "SQL in the buyer's name", e -> ((ObjectNode) e.get("buyer")).put("name", "Robert'); DROP TABLE orders; --"));
        valid(cases, "SQL in the eventId", e -> e.put("eventId", "x'; DELETE FROM order_events; -- " + java.util.UUID.randomUUID()));
        valid(cases, "script in every name", e -> {
            ((ObjectNode) e.get("buyer")).put("name", "<script>alert(1)</script>");
            ((ObjectNode) e.get("seller")).put("name", "<img src=x onerror=alert(1)>");
            ((ObjectNode) e.get("order").get("items").get(0)).put("name", "\"><svg onload=alert(1)>");
        });
        valid(cases, "emoji and CJK in every text field", e -> {
            e.put("eventId", "事件-😀-" + java.util.UUID.randomUUID());
            ((ObjectNode) e.get("buyer")).put("name", "李雷😀");
            ((ObjectNode) e.get("seller")).put("name", "顶点商店🏬");
            ((ObjectNode) e.get("order").get("items").get(0)).put("name", "电水壶🫖").put("sku", "壶-1");
            ObjectNode shipment = e.putObject("shipment");
            shipment.put("carrier", "顺丰速运🚚");
            shipment.put("trackingNumber", "顺丰😀123");
            ObjectNode refund = e.putObject("refund");
            refund.put("amount", "199.00");
            refund.put("reason", "坏了😢");
        });
        valid(cases, "NUL escaped in a name", e -> ((ObjectNode) e.get("buyer")).put("name", "Li\u0000Lei"));
        cases.add(byteOrderMarked());
        valid(cases, "a UUID buyer id and a seller id of 128 characters", e -> {
            ((ObjectNode) e.get("buyer")).put("id", java.util.UUID.randomUUID().toString());
            ((ObjectNode) e.get("seller")).put("id", "S_9.x-" + "s".repeat(122));
        });
        valid(cases, "unknown extra fields", e -> e.putObject("extra").put("anything", true));
        valid(cases, "2000 items", e -> items(e, 2000));
        valid(cases, "right-to-left and zero-width characters", e -> ((ObjectNode) e.get("buyer")).put("name", "\u202Eabc\u200Bdef"));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(50);
        return cases.stream();
    }

    private static void raw(List<Case> cases, String name, String body, String because) {
        cases.add(new Case(name, body.getBytes(StandardCharsets.UTF_8), null, because));
    }

    private static void bytes(List<Case> cases, String name, byte[] body, String because) {
        cases.add(new Case(name, body, null, because));
    }

    private static void invalid(List<Case> cases, String name, Consumer<ObjectNode> change, String because) {
        Events.Builder e = event(Events.newOrderId(), "CREATED").sequence(1);
        change.accept(e.node());
        cases.add(new Case(name, e.json().getBytes(StandardCharsets.UTF_8), null, because));
    }

    private static void valid(List<Case> cases, String name, Consumer<ObjectNode> change) {
        String orderId = Events.newOrderId();
        Events.Builder e = event(orderId, "CREATED").sequence(1);
        change.accept(e.node());
        cases.add(new Case(name, e.json().getBytes(StandardCharsets.UTF_8), orderId, null));
    }

    /** A valid event preceded by a UTF-8 byte-order mark, as some Windows tools write it. */
    private static Case byteOrderMarked() {
        String orderId = Events.newOrderId();
        byte[] json = event(orderId, "CREATED").sequence(1).json().getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[json.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(json, 0, body, 3, json.length);
        return new Case("UTF-8 byte-order mark before the event", body, orderId, null);
    }

    private static void items(ObjectNode event, int count) {
        ArrayNode items = ((ObjectNode) event.get("order")).putArray("items");
        for (int i = 0; i < count; i++) {
            items.addObject().put("sku", "SKU-" + i).put("name", "Item " + i).put("quantity", 1);
        }
    }

    /** The event with the given bytes put inside the buyer's name. */
    private static byte[] withBytes(String json, byte[] inside) {
        byte[] original = json.getBytes(StandardCharsets.UTF_8);
        int at = json.indexOf("李雷");
        byte[] prefix = json.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[original.length + inside.length];
        System.arraycopy(original, 0, out, 0, prefix.length);
        System.arraycopy(inside, 0, out, prefix.length, inside.length);
        System.arraycopy(original, prefix.length, out, prefix.length + inside.length, original.length - prefix.length);
        return out;
    }
}
