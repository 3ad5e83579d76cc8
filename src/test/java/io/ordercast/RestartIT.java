package io.ordercast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.support.Events;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.Test;

import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stopping the service in the middle of a load and starting it again loses nothing and doubles nothing. */
class RestartIT {

    private static final List<String> LIFECYCLE = List.of("CREATED", "PAID", "SHIPPED", "COMPLETED");
    private static final int ORDERS = 500;

    @Test
    void should_lose_nothing_across_a_restart_in_the_middle_of_a_load() throws Exception {
        try (RunningService service = RunningService.start(Map.of("ordercast.ingest.consumers", "2"))) {
            List<String> orders = new ArrayList<>();
            // enough that a warm JVM cannot drain the queue during the graceful stop
            for (int o = 0; o < ORDERS; o++) {
                orders.add(Events.newOrderId());
            }
            // the whole load waits in the queue first: a batch consumer would otherwise keep up with the publisher
            service.context().getRouteController().stopRoute("order-ingest");
            for (int i = 0; i < LIFECYCLE.size(); i++) {
                for (String orderId : orders) {
                    service.publish(event(orderId, LIFECYCLE.get(i)).sequence(i + 1));
                }
            }
            service.context().getRouteController().startRoute("order-ingest");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> service.messagesIn(OrdercastTopology.EVENTS_QUEUE) < ORDERS * LIFECYCLE.size() - 150);

            service.stopMain();
            int leftInQueue = service.messagesIn(OrdercastTopology.EVENTS_QUEUE);
            service.startMain();

            assertThat(leftInQueue).as("events still queued when the service stopped").isPositive();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    orders.stream().allMatch(id -> service.timeline(id).size() == LIFECYCLE.size()));
            for (String orderId : orders) {
                assertThat(service.order(orderId)).as(orderId).containsEntry("state", "COMPLETED");
                assertThat(service.timeline(orderId)).as(orderId)
                        .allSatisfy(e -> assertThat(e.get("outcome")).isEqualTo("APPLIED"));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(orders.stream()
                    .mapToInt(id -> service.notifications(id).size()).sum()).isEqualTo(orders.size() * 12));
            assertThat(service.messagesIn(OrdercastTopology.INVALID_QUEUE)).isZero();
        }
    }
}
