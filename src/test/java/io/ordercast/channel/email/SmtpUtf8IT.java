package io.ordercast.channel.email;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.channel.ProviderCircuits;
import io.ordercast.support.Events;
import io.ordercast.support.RunningService;
import io.ordercast.support.Utf8SmtpRelay;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An e-mail address with non-ASCII characters, which the event schema accepts: sent with SMTPUTF8 when the relay
 * offers it; when it does not, failed for good with that reason, before the relay is asked and without counting
 * against its circuit. A display name in ordercast.smtp.from goes as encoded words to either relay.
 */
class SmtpUtf8IT {

    private static final String FROM = "顶点商店 <orders@shop.example>";

    @Test
    void should_send_to_a_non_ascii_address_with_smtputf8_when_the_relay_offers_it() throws Exception {
        try (Utf8SmtpRelay relay = new Utf8SmtpRelay(true); RunningService service = RunningService.start(properties(relay))) {
            String chinese = createdOrderFor(service, "李雷@example.com");
            String ascii = createdOrderFor(service, "amy@example.com");

            await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(email(service, chinese).get("status"))
                    && "SENT".equals(email(service, ascii).get("status")));
            assertThat(relay.commands).contains("MAIL FROM:<orders@shop.example> SMTPUTF8", "RCPT TO:<李雷@example.com>",
                    "RCPT TO:<amy@example.com>");
            String mail = relay.messages.stream().filter(m -> m.contains("\nTo: 李雷@example.com\n")).findFirst().orElseThrow();
            assertThat(mail).contains("From: =?UTF-8?").doesNotContain("顶点商店");
        }
    }

    @Test
    void should_fail_a_non_ascii_address_for_good_when_the_relay_does_not_offer_smtputf8() throws Exception {
        try (Utf8SmtpRelay relay = new Utf8SmtpRelay(false); RunningService service = RunningService.start(properties(relay))) {
            Map<String, String> orders = new LinkedHashMap<>();
            for (String address : List.of("李雷@example.com", "josé@example.com", "zoë@example.com", "user@例子.中国")) {
                orders.put(address, createdOrderFor(service, address));
            }
            String ascii = createdOrderFor(service, "amy@example.com");

            await().atMost(Duration.ofSeconds(30)).until(() -> orders.values().stream()
                    .allMatch(o -> "FAILED".equals(email(service, o).get("status")))
                    && "SENT".equals(email(service, ascii).get("status")));
            orders.forEach((address, orderId) -> assertThat(email(service, orderId)).as(address)
                    .containsEntry("attempts", 1)
                    .containsEntry("reason", "permanent: the relay does not offer SMTPUTF8, which the address needs"));
            // nothing of those mails reached the relay; the ASCII one went out whole in ASCII
            assertThat(relay.commands).allMatch(c -> c.chars().allMatch(ch -> ch < 0x80))
                    .contains("RCPT TO:<amy@example.com>").noneMatch(c -> c.contains("SMTPUTF8"));
            assertThat(relay.messages).singleElement().satisfies(mail -> assertThat(mail)
                    .contains("From: =?UTF-8?").matches(m -> m.chars().allMatch(ch -> ch < 0x80), "is ASCII"));
            // not the relay's fault: four failures in a window of four would have opened its circuit
            ProviderCircuits circuits = service.context().getRegistry()
                    .lookupByNameAndType("providerCircuits", ProviderCircuits.class);
            assertThat(circuits.state("smtp")).isEqualTo("CLOSED");
        }
    }

    private static Map<String, String> properties(Utf8SmtpRelay relay) {
        Map<String, String> properties = new HashMap<>();
        properties.put("ordercast.outbox.channels", "email");
        properties.put("ordercast.smtp.host", "127.0.0.1");
        properties.put("ordercast.smtp.port", String.valueOf(relay.port()));
        properties.put("ordercast.smtp.from", FROM);
        properties.put("ordercast.notify.poll-interval", "PT0.2S");
        properties.put("ordercast.notify.retry.initial-delay", "PT0.1S");
        properties.put("ordercast.circuit.minimum-calls", "3");
        properties.put("ordercast.circuit.sliding-window-size", "4");
        properties.put("ordercast.circuit.wait-in-open-state", "PT30S");
        return properties;
    }

    private static String createdOrderFor(RunningService service, String address) {
        String orderId = Events.newOrderId();
        Events.Builder created = Events.event(orderId, "CREATED").sequence(1);
        ObjectNode buyer = (ObjectNode) created.node().get("buyer");
        buyer.put("id", "u-" + orderId);
        buyer.put("email", address);
        service.publish(created);
        return orderId;
    }

    private static Map<String, Object> email(RunningService service, String orderId) {
        return service.notifications(orderId).stream().filter(n -> "email".equals(n.get("channel"))).findFirst()
                .orElse(Map.of("status", "none"));
    }
}
