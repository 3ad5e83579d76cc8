package io.ordercast.channel.email;

import java.time.Duration;
import java.util.Map;

import io.ordercast.channel.ProviderCircuits;
import io.ordercast.support.Events;
import io.ordercast.support.Providers;
import io.ordercast.support.RejectingSmtpServer;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A relay that refuses the recipient: the notification fails for good with the relay's own words. */
class SmtpRejectionIT {

    @Test
    void should_record_the_relays_reply_text_with_the_address_masked() throws Exception {
        try (Providers providers = new Providers(); RejectingSmtpServer relay = new RejectingSmtpServer()) {
            Map<String, String> properties = providers.serviceProperties();
            properties.put("ordercast.outbox.channels", "email");
            properties.put("ordercast.smtp.port", String.valueOf(relay.port()));
            try (RunningService service = RunningService.start(properties)) {
                String orderId = Events.newOrderId();
                service.publish(Events.event(orderId, "CREATED").sequence(1));

                await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(email(service, orderId).get("status")));
                Map<String, Object> email = email(service, orderId);
                assertThat(email).containsEntry("attempts", 1);
                assertThat((String) email.get("reason"))
                        .isEqualTo("permanent: SMTP 550 to RCPT TO: 550 5.1.1 <l***@example.com>: Recipient address "
                                + "rejected: User unknown in local recipient table");
                ProviderCircuits circuits = service.context().getRegistry()
                        .lookupByNameAndType("providerCircuits", ProviderCircuits.class);
                assertThat(circuits.state("smtp")).isEqualTo("CLOSED");
            }
        }
    }

    private static Map<String, Object> email(RunningService service, String orderId) {
        return service.notifications(orderId).stream().filter(n -> "email".equals(n.get("channel"))).findFirst()
                .orElse(Map.of("status", "none"));
    }
}
