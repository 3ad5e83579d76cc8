package io.ordercast.tracking;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.support.Events;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The whole service through a real AMQP broker and a real database: each outcome of docs/contract.md §2,
 * as an operator sees it in GET /api/orders/{id} and in the parking queues.
 */
class OrderTrackingIT {

    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(Map.of("ordercast.tracking.hold-window", "PT2S"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void should_track_a_full_lifecycle_and_plan_the_contracts_notifications() {
        String orderId = Events.newOrderId();
        List<String> states = List.of("CREATED", "PAID", "SHIPPED", "COMPLETED");
        for (int i = 0; i < states.size(); i++) {
            service.publish(event(orderId, states.get(i)).sequence(i + 1));
        }

        awaitTimeline(orderId, 4);
        Map<String, Object> order = service.order(orderId);
        assertThat(order).containsEntry("state", "COMPLETED").containsEntry("sequence", 4L);
        assertThat(service.timeline(orderId)).extracting(e -> e.get("state"), e -> e.get("outcome")).containsExactly(
                tuple("CREATED", "APPLIED"), tuple("PAID", "APPLIED"), tuple("SHIPPED", "APPLIED"),
                tuple("COMPLETED", "APPLIED"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(service.notifications(orderId))
                        .extracting(n -> n.get("recipient"), n -> n.get("channel"), n -> n.get("template"),
                                n -> n.get("priority"))
                        .containsExactlyInAnyOrder(
                                tuple("buyer:u-1001", "email", "order-created", "NORMAL"),
                                tuple("buyer:u-1001", "push", "order-created", "NORMAL"),
                                tuple("buyer:u-1001", "email", "order-paid", "HIGH"),
                                tuple("buyer:u-1001", "push", "order-paid", "HIGH"),
                                tuple("seller:s-88", "email", "order-to-ship", "HIGH"),
                                tuple("carrier", "webhook", "order-paid", "HIGH"),
                                tuple("buyer:u-1001", "sms", "order-shipped", "HIGH"),
                                tuple("buyer:u-1001", "push", "order-shipped", "HIGH"),
                                tuple("buyer:u-1001", "email", "order-shipped", "HIGH"),
                                tuple("buyer:u-1001", "push", "order-completed", "NORMAL"),
                                tuple("buyer:u-1001", "email", "order-completed", "NORMAL"),
                                tuple("buyer:u-1001", "email", "review-reminder", "LOW")));
        assertThat(service.notifications(orderId)).filteredOn(n -> !"carrier".equals(n.get("recipient")))
                .allSatisfy(n -> assertThat(n.get("locale")).isEqualTo("zh-CN"));
    }

    @Test
    void should_record_a_redelivered_event_once() {
        String orderId = Events.newOrderId();
        Events.Builder created = event(orderId, "CREATED").sequence(1);
        service.publish(created);
        service.publish(created);
        service.publish(event(orderId, "PAID").sequence(2));

        awaitTimeline(orderId, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> service.notifications(orderId).size() == 6);
        assertThat(service.timeline(orderId)).extracting(e -> e.get("eventId")).containsOnlyOnce(created.eventId());
        assertThat(service.order(orderId)).containsEntry("state", "PAID");
        // the copy's planning found the original's notifications: still two for CREATED
        assertThat(service.notifications(orderId)).filteredOn(n -> "order-created".equals(n.get("template"))).hasSize(2);
    }

    @Test
    void should_call_an_event_older_than_the_orders_sequence_stale() {
        String orderId = Events.newOrderId();
        service.publish(event(orderId, "CREATED").sequence(1));
        service.publish(event(orderId, "PAID").sequence(2));
        awaitTimeline(orderId, 2);
        service.publish(event(orderId, "CANCELLED").sequence(2));

        awaitTimeline(orderId, 3);
        assertThat(service.timeline(orderId).get(2)).containsEntry("state", "CANCELLED").containsEntry("outcome", "STALE");
        assertThat(service.order(orderId)).containsEntry("state", "PAID");
    }

    @Test
    void should_apply_an_out_of_order_pair_in_sequence_order() {
        String orderId = Events.newOrderId();
        service.publish(event(orderId, "PAID").sequence(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> service.timeline(orderId).size() == 1);
        assertThat(service.timeline(orderId).get(0)).containsEntry("outcome", "HELD");

        service.publish(event(orderId, "CREATED").sequence(1));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(service.order(orderId)).containsEntry("state", "PAID").containsEntry("sequence", 2L);
            assertThat(service.timeline(orderId)).extracting(e -> e.get("state"), e -> e.get("outcome"), e -> e.get("held"))
                    .containsExactlyInAnyOrder(tuple("PAID", "APPLIED", true), tuple("CREATED", "APPLIED", null));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> service.notifications(orderId).size() == 6);
    }

    @Test
    void should_reject_a_held_event_whose_gap_never_closes() {
        String orderId = Events.newOrderId();
        service.publish(event(orderId, "CREATED").sequence(1));
        service.publish(event(orderId, "SHIPPED").sequence(3));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(service.timeline(orderId))
                .filteredOn(e -> "SHIPPED".equals(e.get("state")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e).containsEntry("outcome", "REJECTED").containsEntry("held", true);
                    assertThat((String) e.get("reason")).contains("held for PT2S").contains("expected 2, got 3");
                }));
        assertThat(service.order(orderId)).containsEntry("state", "CREATED");
    }

    @Test
    void should_reject_a_forbidden_transition_and_copy_it_with_the_reason() {
        String orderId = Events.newOrderId();
        service.publish(event(orderId, "CREATED").sequence(1));
        service.publish(event(orderId, "CANCELLED").sequence(2));
        Events.Builder shipAfterCancel = event(orderId, "SHIPPED").sequence(3);
        service.publish(shipAfterCancel);

        awaitTimeline(orderId, 3);
        assertThat(entryOf(orderId, shipAfterCancel.eventId())).containsEntry("outcome", "REJECTED")
                .containsEntry("reason", "transition CANCELLED -> SHIPPED is not allowed");
        assertThat(service.order(orderId)).containsEntry("state", "CANCELLED");
        Message copy = receiveFrom(OrdercastTopology.REJECTED_QUEUE, shipAfterCancel.eventId());
        assertThat(copy.getMessageProperties().<String>getHeader("x-ordercast-error"))
                .isEqualTo("transition CANCELLED -> SHIPPED is not allowed");
        assertThat(copy.getMessageProperties().getContentType()).isEqualTo("application/json");
    }

    @Test
    void should_return_a_declined_refund_to_the_state_before_the_request() {
        String orderId = Events.newOrderId();
        List<String> states = List.of("CREATED", "PAID", "SHIPPED", "REFUND_REQUESTED", "SHIPPED", "COMPLETED");
        for (int i = 0; i < states.size(); i++) {
            service.publish(event(orderId, states.get(i)).sequence(i + 1));
        }

        awaitTimeline(orderId, 6);
        assertThat(service.timeline(orderId)).extracting(e -> e.get("outcome")).containsOnly("APPLIED");
        assertThat(service.order(orderId)).containsEntry("state", "COMPLETED");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(service.notifications(orderId))
                .extracting(n -> n.get("template")).contains("refund-requested", "refund-to-review", "refund-declined"));
    }

    @Test
    void should_tell_the_seller_of_a_cancellation_only_after_payment() {
        String paidThenCancelled = Events.newOrderId();
        service.publish(event(paidThenCancelled, "CREATED").sequence(1));
        service.publish(event(paidThenCancelled, "PAID").sequence(2));
        service.publish(event(paidThenCancelled, "CANCELLED").sequence(3));
        String cancelledUnpaid = Events.newOrderId();
        service.publish(event(cancelledUnpaid, "CREATED").sequence(1));
        service.publish(event(cancelledUnpaid, "CANCELLED").sequence(2));

        awaitTimeline(paidThenCancelled, 3);
        awaitTimeline(cancelledUnpaid, 2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(service.notifications(paidThenCancelled)).extracting(n -> n.get("template"))
                    .contains("order-cancelled-seller");
            assertThat(service.notifications(cancelledUnpaid)).extracting(n -> n.get("template"))
                    .contains("order-cancelled").doesNotContain("order-cancelled-seller");
        });
    }

    @Test
    void should_suppress_a_notification_the_event_gives_no_address_for() {
        String orderId = Events.newOrderId();
        Events.Builder created = event(orderId, "CREATED").sequence(1);
        ((com.fasterxml.jackson.databind.node.ObjectNode) created.node().get("buyer")).remove("email");
        service.publish(created);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(service.notifications(orderId))
                .filteredOn(n -> "email".equals(n.get("channel")))
                .singleElement()
                .satisfies(n -> assertThat(n).containsEntry("status", "SUPPRESSED")
                        .containsEntry("reason", "buyer has no email address")));
    }

    private static Map<String, Object> entryOf(String orderId, String eventId) {
        return service.timeline(orderId).stream().filter(e -> eventId.equals(e.get("eventId"))).findFirst().orElseThrow();
    }

    private static void awaitTimeline(String orderId, int events) {
        await().atMost(Duration.ofSeconds(15)).until(() -> service.timeline(orderId).size() >= events);
    }

    /** Reads the parking queue until the copy of the given event turns up. */
    static Message receiveFrom(String queue, String eventId) {
        for (int i = 0; i < 1000; i++) {
            Message message = service.receive(queue);
            assertThat(message).as("a copy of %s in %s", eventId, queue).isNotNull();
            if (new String(message.getBody(), java.nio.charset.StandardCharsets.UTF_8).contains(eventId)) {
                return message;
            }
        }
        throw new AssertionError("no copy of " + eventId + " in " + queue);
    }
}
