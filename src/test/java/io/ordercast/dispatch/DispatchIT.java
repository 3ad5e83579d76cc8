package io.ordercast.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.support.Events;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifications dispatched from the outbox table: claimed highest priority first whatever waited longer, and a
 * provider outage far longer than the whole retry budget holds them PENDING without spending their retries, so
 * every one goes out, once, when the provider is back.
 */
class DispatchIT {

    private Providers providers;

    @BeforeEach
    void startProviders() {
        providers = new Providers();
    }

    @AfterEach
    void stopProviders() {
        providers.close();
    }

    @Test
    void should_send_high_priority_mail_before_normal_mail_that_waited_longer() throws Exception {
        Map<String, String> properties = providers.serviceProperties();
        properties.put("ordercast.notify.email.concurrency", "1");
        try (RunningService service = RunningService.start(properties)) {
            service.context().getRouteController().stopRoute("notify-email");
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String orderId = Events.newOrderId();
                orders.add(orderId);
                service.publish(ownBuyer(Events.event(orderId, "CREATED").sequence(1)));
            }
            // the NORMAL "created" mails are planned first; then each PAID plans two HIGH mails (buyer and seller)
            await().atMost(Duration.ofSeconds(20)).until(() -> emailsOf(service, orders).size() == 6);
            for (String orderId : orders) {
                service.publish(ownBuyer(Events.event(orderId, "PAID").sequence(2)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> emailsOf(service, orders).size() == 18);

            service.context().getRouteController().startRoute("notify-email");
            await().atMost(Duration.ofSeconds(30)).until(() -> providers.allMail().size() == 18);
            await().atMost(Duration.ofSeconds(10)).until(() -> emailsOf(service, orders).stream()
                    .allMatch(n -> "SENT".equals(n.get("status"))));
            List<String> priorities = emailsOf(service, orders).stream()
                    .sorted(Comparator.comparing(n -> Instant.parse((String) n.get("updatedAt"))))
                    .map(n -> (String) n.get("priority")).toList();
            assertThat(priorities.subList(0, 12)).as(priorities.toString()).containsOnly("HIGH");
            assertThat(priorities.subList(12, 18)).as(priorities.toString()).containsOnly("NORMAL");
        }
    }

    @Test
    void should_hold_mail_through_an_outage_longer_than_the_retry_budget_and_send_each_once_when_the_relay_is_back()
            throws Exception {
        Map<String, String> properties = providers.serviceProperties();
        // the whole retry budget is 0.1 + 0.2 + 0.4 s; the outage lasts many times that
        properties.put("ordercast.notify.provider-down-wait", "PT0.5S");
        properties.put("ordercast.circuit.wait-in-open-state", "PT1S");
        providers.stopSmtp();
        try (RunningService service = RunningService.start(properties)) {
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String orderId = Events.newOrderId();
                orders.add(orderId);
                service.publish(ownBuyer(Events.event(orderId, "CREATED").sequence(1)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> emailsOf(service, orders).size() == 5
                    && emailsOf(service, orders).stream().allMatch(n -> String.valueOf(n.get("reason")).contains("unreachable")));
            // many times the retry budget, looked at again every 0.5 s
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(() -> emailsOf(service, orders)
                    .stream().allMatch(n -> "PENDING".equals(n.get("status")) && n.get("attempts").equals(0)));

            providers.startSmtpAgain();

            await().atMost(Duration.ofSeconds(30)).until(() -> emailsOf(service, orders).stream()
                    .allMatch(n -> "SENT".equals(n.get("status"))));
            assertThat(providers.allMail()).hasSize(5);
            assertThat(service.get("/api/dead-letters", RunningService.API_TOKEN).body()).doesNotContain("order-created");
        }
    }

    private static List<Map<String, Object>> emailsOf(RunningService service, List<String> orders) {
        List<Map<String, Object>> emails = new ArrayList<>();
        for (String orderId : orders) {
            service.notifications(orderId).stream().filter(n -> "email".equals(n.get("channel"))).forEach(emails::add);
        }
        return emails;
    }

    /** A buyer of the order's own: the frequency cap counts per buyer. */
    private static Events.Builder ownBuyer(Events.Builder event) {
        ((ObjectNode) event.node().get("buyer")).put("id", "u-" + UUID.randomUUID());
        return event;
    }
}
