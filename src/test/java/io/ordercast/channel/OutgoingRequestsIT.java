package io.ordercast.channel;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.ordercast.support.Events;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What leaves the service, seen by the receivers: no Camel internals (breadcrumbId) on mail, SMS or
 * webhook requests; a Message-ID of the sender's domain that is the same for every send of one
 * notification; Standard Webhooks headers a receiver can verify; and only the fields the carrier needs.
 */
class OutgoingRequestsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Providers providers;
    private static RunningService service;
    private static String orderId;

    @BeforeAll
    static void start() {
        providers = new Providers();
        service = RunningService.start(providers.serviceProperties());
        orderId = Events.newOrderId();
        List<String> states = List.of("CREATED", "PAID", "SHIPPED");
        for (int i = 0; i < states.size(); i++) {
            Events.Builder event = Events.event(orderId, states.get(i)).sequence(i + 1);
            ((ObjectNode) event.node().get("buyer")).put("id", "u-" + orderId);
            ObjectNode shipment = event.node().putObject("shipment");
            shipment.put("carrier", "SF Express");
            shipment.put("trackingNumber", "SF1234567890");
            service.publish(event);
        }
        // CREATED, PAID (buyer and seller), SHIPPED mails; the SHIPPED SMS; the PAID webhook to the carrier
        await().atMost(Duration.ofSeconds(30)).until(() -> mails().size() == 4 && sms().size() == 1 && webhooks().size() == 1);
    }

    @AfterAll
    static void stop() {
        service.close();
        providers.close();
    }

    @Test
    void should_send_no_breadcrumb_id_to_any_receiver() throws Exception {
        for (MimeMessage mail : mails()) {
            assertThat(mail.getHeader("breadcrumbId")).isNull();
        }
        assertThat(sms().get(0).containsHeader("breadcrumbId")).isFalse();
        assertThat(webhooks().get(0).containsHeader("breadcrumbId")).isFalse();
    }

    @Test
    void should_give_each_mail_a_message_id_of_its_notification_at_the_senders_domain() throws Exception {
        for (MimeMessage mail : mails()) {
            String notificationId = mail.getHeader("X-Ordercast-Notification-Id")[0];
            assertThat(mail.getHeader("Message-ID")).containsExactly("<" + notificationId + "@shop.example>");
        }
    }

    @Test
    void should_sign_the_webhook_the_standard_webhooks_way() throws Exception {
        LoggedRequest webhook = webhooks().get(0);
        String id = webhook.getHeader("webhook-id");
        String timestamp = webhook.getHeader("webhook-timestamp");

        assertThat(id).isEqualTo(JSON.readTree(webhook.getBody()).get("notificationId").asText());
        assertThat(Long.parseLong(timestamp)).isBetween(Instant.now().getEpochSecond() - 120, Instant.now().getEpochSecond());
        byte[] signed = (id + "." + timestamp + "." + webhook.getBodyAsString()).getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Providers.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(webhook.getHeader("webhook-signature")).isEqualTo("v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed)));
        assertThat(webhook.getHeader("X-Ordercast-Signature")).startsWith("sha256=");
    }

    @Test
    void should_send_the_carrier_the_order_and_shipment_but_not_the_buyers_contact_details() throws Exception {
        LoggedRequest webhook = webhooks().get(0);
        JsonNode event = JSON.readTree(webhook.getBody()).get("event");

        assertThat(webhook.getBodyAsString()).doesNotContain("lilei@example.com").doesNotContain("+8613800000000")
                .doesNotContain("ops@acme.example");
        assertThat(event.get("orderId").asText()).isEqualTo(orderId);
        assertThat(event.get("state").asText()).isEqualTo("PAID");
        assertThat(event.at("/buyer/name").asText()).isEqualTo("李雷");
        assertThat(event.at("/order/items/0/sku").asText()).isEqualTo("A-1");
        assertThat(event.at("/shipment/trackingNumber").asText()).isEqualTo("SF1234567890");
        // the buyer and the seller still get their mails at their addresses
        assertThat(mails()).extracting(m -> m.getAllRecipients()[0].toString())
                .contains("lilei@example.com", "ops@acme.example");
        assertThat(sms().get(0).getBodyAsString()).contains("+8613800000000");
    }

    private static List<MimeMessage> mails() {
        return Arrays.stream(providers.smtp.getReceivedMessages()).filter(m -> GreenMailUtil.getBody(m).contains(orderId)
                || subject(m).contains(orderId)).toList();
    }

    private static List<LoggedRequest> sms() {
        return providers.http.findAll(postRequestedFor(urlEqualTo("/sms"))).stream()
                .filter(r -> r.getBodyAsString().contains(orderId)).toList();
    }

    private static List<LoggedRequest> webhooks() {
        return providers.http.findAll(postRequestedFor(urlEqualTo("/webhook"))).stream()
                .filter(r -> r.getBodyAsString().contains(orderId)).toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
