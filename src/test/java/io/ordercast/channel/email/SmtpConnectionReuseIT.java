package io.ordercast.channel.email;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ordercast.support.CountingSmtpRelay;
import io.ordercast.support.Events;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The email channel keeps its relay connection open between mails (ordercast.smtp.keep-open), or does not. */
class SmtpConnectionReuseIT {

    @ParameterizedTest(name = "keep-open {0}")
    @CsvSource({"PT10S, true", "PT0S, false"})
    void should_send_an_orders_mails_over_one_kept_connection_unless_turned_off(String keepOpen, boolean kept)
            throws Exception {
        try (Providers providers = new Providers(); CountingSmtpRelay relay = new CountingSmtpRelay()) {
            Map<String, String> properties = providers.serviceProperties();
            properties.put("ordercast.outbox.channels", "email");
            properties.put("ordercast.smtp.port", String.valueOf(relay.port()));
            properties.put("ordercast.smtp.keep-open", keepOpen);
            properties.put("ordercast.notify.email.concurrency", "1");
            try (RunningService service = RunningService.start(properties)) {
                List<String> orders = List.of(Events.publishShippedOrder(service), Events.publishShippedOrder(service));
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(orders).allSatisfy(o ->
                        assertThat(service.notifications(o)).filteredOn(n -> "email".equals(n.get("channel")))
                                .hasSizeGreaterThanOrEqualTo(3).allSatisfy(n -> assertThat(n.get("status")).isEqualTo("SENT"))));
                int mails = relay.messageIds.size();
                assertThat(mails).isGreaterThanOrEqualTo(6);
                // one email dispatcher (ordercast.notify.email.concurrency = 1): one connection for all, or one per mail
                assertThat(relay.connections.get()).isEqualTo(kept ? 1 : mails);
            }
        }
    }
}
