package io.ordercast.tracking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.ordercast.support.Events;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.Test;

import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Competing consumers, within one instance and across two, on 200 orders × 5 events published in a
 * shuffled order: every order ends in its final state with every event applied once and every
 * notification planned once.
 */
class ConcurrencyIT {

    private static final List<String> LIFECYCLE = List.of("CREATED", "PAID", "SHIPPED", "COMPLETED", "REFUND_REQUESTED");
    /** CREATED 2 + PAID 4 + SHIPPED 3 + COMPLETED 2 + review reminder 1 + REFUND_REQUESTED 2, per docs/contract.md §3. */
    private static final int NOTIFICATIONS_PER_ORDER = 14;

    @Test
    void should_end_200_orders_consistent_with_two_consumers_in_each_of_two_instances() {
        try (RunningService first = RunningService.start(Map.of("ordercast.ingest.consumers", "2"));
             RunningService second = RunningService.startAnotherInstance(first)) {
            List<String> orders = new ArrayList<>();
            List<Events.Builder> events = new ArrayList<>();
            for (int o = 0; o < 200; o++) {
                String orderId = Events.newOrderId();
                orders.add(orderId);
                for (int i = 0; i < LIFECYCLE.size(); i++) {
                    events.add(event(orderId, LIFECYCLE.get(i)).sequence(i + 1));
                }
            }
            Collections.shuffle(events, new Random(42));
            events.forEach(first::publish);

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    orders.stream().allMatch(id -> first.timeline(id).stream()
                            .filter(e -> "APPLIED".equals(e.get("outcome"))).count() == LIFECYCLE.size()));
            for (String orderId : orders) {
                Map<String, Object> order = first.order(orderId);
                assertThat(order).as(orderId).containsEntry("state", "REFUND_REQUESTED").containsEntry("sequence", 5L);
                assertThat(first.timeline(orderId)).as(orderId).hasSize(5)
                        .allSatisfy(e -> assertThat(e.get("outcome")).isEqualTo("APPLIED"));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(orders.stream()
                    .mapToInt(id -> first.notifications(id).size()).sum()).isEqualTo(200 * NOTIFICATIONS_PER_ORDER));
        }
    }
}
