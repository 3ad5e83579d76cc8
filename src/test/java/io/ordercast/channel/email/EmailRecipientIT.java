package io.ordercast.channel.email;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.ordercast.channel.ProviderCircuits;
import io.ordercast.support.Events;
import io.ordercast.support.LogCapture;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Buyer addresses that the event schema lets through but that are not one valid e-mail address:
 * each notification fails for good with the reason (address masked), is never retried, never counts
 * against the SMTP relay's circuit, and never becomes a mail to someone else.
 */
class EmailRecipientIT {

    private static Providers providers;
    private static RunningService service;

    @BeforeAll
    static void start() {
        providers = new Providers();
        Map<String, String> properties = providers.serviceProperties();
        properties.put("ordercast.outbox.channels", "email");
        // a circuit that opens after three recorded failures: bad addresses must not be among them
        properties.put("ordercast.circuit.minimum-calls", "3");
        properties.put("ordercast.circuit.sliding-window-size", "4");
        properties.put("ordercast.circuit.wait-in-open-state", "PT30S");
        service = RunningService.start(properties);
    }

    @AfterAll
    static void stop() {
        service.close();
        providers.close();
    }

    @Test
    void should_fail_an_invalid_address_for_good_without_opening_the_smtp_circuit() {
        Map<String, String> problems = Map.of(
                "name@example.com.", "Domain ends with dot",
                "a..b@x.example", "Local address contains dot-dot",
                "a;b@x.example", "Illegal semicolon",
                "a,b@x.example", "Illegal address");
        Map<String, String> orders = new java.util.LinkedHashMap<>();
        problems.keySet().forEach(address -> orders.put(address, createdOrderFor(address)));
        String good = createdOrderFor("good-" + System.nanoTime() + "@shop.example");

        await().atMost(Duration.ofSeconds(30)).until(() -> orders.values().stream()
                .allMatch(o -> "FAILED".equals(email(o).get("status"))) && "SENT".equals(email(good).get("status")));
        orders.forEach((address, orderId) -> {
            Map<String, Object> email = email(orderId);
            String reason = (String) email.get("reason");
            assertThat(email).as(address).containsEntry("attempts", 1);
            assertThat(reason).as(address).startsWith("permanent: ").contains(problems.get(address))
                    .contains("is not one valid e-mail address").doesNotContain(address);
            assertThat(mailsFor(orderId)).as(address).isEmpty();
        });
        assertThat((String) email(orders.get("name@example.com.")).get("reason")).contains("n***@example.com.");
        ProviderCircuits circuits = service.context().getRegistry().lookupByNameAndType("providerCircuits", ProviderCircuits.class);
        assertThat(circuits.state("smtp")).isEqualTo("CLOSED");
        assertThat(mailsFor(good)).hasSize(1);
    }

    @Test
    void should_not_split_an_address_with_a_separator_into_two_recipients() {
        String orderId = createdOrderFor("a;b@split.example");
        String comma = createdOrderFor("c,d@split.example");

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(email(orderId).get("status"))
                && "FAILED".equals(email(comma).get("status")));
        assertThat(providers.smtp.getReceivedMessagesForDomain("split.example")).isEmpty();
        assertThat(Arrays.stream(providers.smtp.getReceivedMessages()).filter(m -> GreenMailUtil.getBody(m).contains(orderId)
                || GreenMailUtil.getBody(m).contains(comma))).isEmpty();
    }

    @Test
    void should_show_unusual_addresses_only_masked_in_reasons_logs_and_the_dead_letter_list() throws Exception {
        Map<String, String> masked = Map.of(
                "\"><script>alert(1)</script>@evil.example", "\"***@evil.example",
                "李雷@example.com.", "***@example.com.",
                "amy.o'neil@example.com.", "a***@example.com.");
        Map<String, String> orders = new java.util.HashMap<>();
        List<String> lines;
        try (LogCapture logs = LogCapture.begin()) {
            masked.keySet().forEach(address -> orders.put(address, createdOrderFor(address)));
            await().atMost(Duration.ofSeconds(30)).until(() -> orders.values().stream()
                    .allMatch(o -> "FAILED".equals(email(o).get("status")) && deadLetter(o) != null));
            lines = logs.lines().stream().map(LogCapture.Line::text).toList();
        }

        orders.forEach((address, orderId) -> {
            String localPart = address.substring(0, address.lastIndexOf('@'));
            JsonNode deadLetter = deadLetter(orderId);
            assertThat(deadLetter.get("address").asText()).as(address).isEqualTo(masked.get(address));
            assertThat(deadLetter.toString()).as(address).doesNotContain(localPart);
            assertThat((String) email(orderId).get("reason")).as(address).contains(masked.get(address)).doesNotContain(localPart);
            assertThat(lines).as(address).noneMatch(l -> l.contains(localPart));
        });
    }

    /** The order's dead letter as GET /api/dead-letters lists it; null while there is none. */
    private static JsonNode deadLetter(String orderId) {
        try {
            JsonNode page = new ObjectMapper().readTree(
                    service.get("/api/dead-letters?channel=email&orderId=" + orderId, RunningService.API_TOKEN).body());
            return page.get("deadLetters").isEmpty() ? null : page.get("deadLetters").get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String createdOrderFor(String address) {
        String orderId = Events.newOrderId();
        Events.Builder created = Events.event(orderId, "CREATED").sequence(1);
        ObjectNode buyer = (ObjectNode) created.node().get("buyer");
        buyer.put("id", "u-" + orderId);
        buyer.put("email", address);
        service.publish(created);
        return orderId;
    }

    private static Map<String, Object> email(String orderId) {
        return service.notifications(orderId).stream().filter(n -> "email".equals(n.get("channel"))).findFirst()
                .orElse(Map.of("status", "none"));
    }

    private static List<MimeMessage> mailsFor(String orderId) {
        return Arrays.stream(providers.smtp.getReceivedMessages()).filter(m -> GreenMailUtil.getBody(m).contains(orderId)
                || subject(m).contains(orderId)).toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
