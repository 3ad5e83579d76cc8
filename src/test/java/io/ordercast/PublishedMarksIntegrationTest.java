package io.ordercast;

import java.time.Duration;
import java.util.Map;

import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.ordercast.support.Events.event;
import static io.ordercast.support.Events.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox writes its published marks a moment after the publish, many at once: a notification waiting in its
 * queue longer than ordercast.outbox.grace is still published only once, and sent once.
 */
class PublishedMarksIntegrationTest {

    private static final String EMAIL_QUEUE = "ordercast.notify.email";

    private Providers providers;
    private RunningService service;

    @BeforeEach
    void start() {
        providers = new Providers();
        Map<String, String> properties = providers.serviceProperties();
        properties.put("ordercast.outbox.channels", "email");
        properties.put("ordercast.outbox.grace", "PT1S");
        properties.put("ordercast.outbox.relay-interval", "PT0.2S");
        service = RunningService.start(properties);
    }

    @AfterEach
    void stop() {
        service.close();
        providers.close();
    }

    @Test
    void should_publish_a_notification_once_while_it_waits_in_its_queue_past_the_grace() throws Exception {
        service.context().getRouteController().stopRoute("notify-email");
        String orderId = newOrderId();

        service.publish(event(orderId, "CREATED").sequence(1));

        await().atMost(Duration.ofSeconds(15)).until(() -> service.messagesIn(EMAIL_QUEUE) == 1);
        // five times the grace, twenty relay passes: without its mark the relay would publish it again on each
        Thread.sleep(5_000);
        assertThat(service.messagesIn(EMAIL_QUEUE)).isEqualTo(1);

        service.context().getRouteController().startRoute("notify-email");
        await().atMost(Duration.ofSeconds(15)).until(() -> service.notifications(orderId).stream()
                .anyMatch(n -> "email".equals(n.get("channel")) && "SENT".equals(n.get("status"))));
        assertThat(providers.allMail()).hasSize(1);
    }
}
