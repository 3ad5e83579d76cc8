package io.ordercast.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.support.Events;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Input that is not a valid event ends in ordercast.events.invalid, byte for byte, with a reason an
 * operator can act on, and the service goes on consuming.
 */
class BadInputIT {

    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(Map.of("ordercast.ingest.consumers", "1"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @BeforeEach
    void emptyInvalidQueue() {
        while (service.messagesIn(OrdercastTopology.INVALID_QUEUE) > 0) {
            service.receive(OrdercastTopology.INVALID_QUEUE);
        }
    }

    @Test
    void should_park_a_body_that_is_not_json() {
        byte[] body = "{\"eventId\": \"e-1\", \"orderId\": ".getBytes(StandardCharsets.UTF_8);
        service.publishRaw(body, "order.created");

        Message parked = parked();
        assertThat(parked.getBody()).isEqualTo(body);
        assertThat(reason(parked)).startsWith("not JSON: Unexpected end-of-input");
    }

    @Test
    void should_park_invalid_utf8() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        service.publishRaw(body, "order.created");

        Message parked = parked();
        assertThat(parked.getBody()).isEqualTo(body);
        assertThat(reason(parked)).startsWith("not JSON").containsIgnoringCase("UTF-8");
    }

    @Test
    void should_park_an_event_that_breaks_the_schema_and_say_which_field() {
        String orderId = Events.newOrderId();
        service.publish(event(orderId, "CREATED").sequence(1).set("orderId", "SO 1/bad").json(), "CREATED");

        assertThat(reason(parked())).startsWith("schema: ").contains("$.orderId").contains("pattern");
    }

    @Test
    void should_park_an_event_without_its_required_fields() {
        String json = event(Events.newOrderId(), "CREATED").without("eventId").without("occurredAt").json();
        service.publish(json, "CREATED");

        assertThat(reason(parked())).contains("eventId").contains("occurredAt").contains("required");
    }

    @Test
    void should_park_an_event_of_an_unknown_state() {
        service.publish(event(Events.newOrderId(), "LOST").sequence(1));

        assertThat(reason(parked())).startsWith("state: unknown state 'LOST'").contains("CREATED", "REFUNDED");
    }

    @Test
    void should_park_an_event_with_a_date_that_is_not_an_instant() {
        service.publish(event(Events.newOrderId(), "CREATED").set("occurredAt", "yesterday").json(), "CREATED");

        assertThat(reason(parked())).contains("occurredAt");
    }

    @Test
    void should_park_a_body_over_256_KiB() {
        Events.Builder huge = event(Events.newOrderId(), "CREATED").sequence(1).set("note", "x".repeat(262_144));
        service.publish(huge);

        Message parked = parked();
        assertThat(parked.getBody()).hasSizeGreaterThan(262_144);
        assertThat(reason(parked)).startsWith("size: body is ").endsWith("the limit is 262144");
    }

    @Test
    void should_park_a_locale_longer_than_the_database_keeps_and_name_the_field() {
        // a valid BCP 47 shape, 36 characters: one more than notifications.locale holds
        String locale = "zh-Hans-CN-" + "abcdefgh-".repeat(2) + "abcdefg";
        assertThat(locale).hasSize(36);
        Events.Builder e = event(Events.newOrderId(), "CREATED").sequence(1);
        ((com.fasterxml.jackson.databind.node.ObjectNode) e.node().get("buyer")).put("locale", locale);
        service.publish(e);

        assertThat(reason(parked())).startsWith("schema: ").contains("$.buyer.locale").contains("35");
    }

    @Test
    void should_accept_a_body_that_starts_with_a_byte_order_mark() {
        String orderId = Events.newOrderId();
        byte[] json = event(orderId, "CREATED").sequence(1).json().getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[json.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(json, 0, body, 3, json.length);
        service.publishRaw(body, "order.created");

        await().atMost(Duration.ofSeconds(10)).until(() -> service.order(orderId) != null);
        assertThat(service.timeline(orderId)).singleElement().satisfies(t -> assertThat(t.get("outcome")).isEqualTo("APPLIED"));
        await().atMost(Duration.ofSeconds(5)).until(() -> service.notifications(orderId).size() == 2);
        assertThat(service.messagesIn(OrdercastTopology.INVALID_QUEUE)).isZero();
    }

    @Test
    void should_keep_consuming_after_bad_input() {
        service.publishRaw("not json at all".getBytes(StandardCharsets.UTF_8), "order.created");
        String orderId = Events.newOrderId();
        service.publish(event(orderId, "CREATED").sequence(1));

        parked();
        await().atMost(Duration.ofSeconds(10)).until(() -> service.order(orderId) != null);
        assertThat(service.order(orderId)).containsEntry("state", "CREATED");
    }

    private static Message parked() {
        await().atMost(Duration.ofSeconds(10)).until(() -> service.messagesIn(OrdercastTopology.INVALID_QUEUE) > 0);
        Message message = service.receive(OrdercastTopology.INVALID_QUEUE);
        assertThat(message).isNotNull();
        return message;
    }

    private static String reason(Message message) {
        return message.getMessageProperties().getHeader("x-ordercast-error");
    }
}
