package io.ordercast.dispatch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

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
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifications delivered on real transports: SMTP (GreenMail), the SMS gateway and a webhook
 * receiver (WireMock), counted at the sinks.
 */
class NotificationDeliveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Providers providers;
    private static RunningService service;

    @BeforeAll
    static void start() {
        providers = new Providers();
        Map<String, String> properties = providers.serviceProperties();
        properties.put("ordercast.review.delay", "PT3S");
        service = RunningService.start(properties);
    }

    @AfterAll
    static void stop() {
        service.close();
        providers.close();
    }

    private String buyerId;

    @BeforeEach
    void clearSinks() throws Exception {
        providers.smtp.purgeEmailFromAllMailboxes();
        providers.http.resetRequests();
        // a buyer of this test's own: the frequency cap counts per recipient, across tests
        buyerId = "u-" + java.util.UUID.randomUUID();
    }

    private Events.Builder event(String orderId, String state) {
        return buyer(Events.event(orderId, state), buyerId);
    }

    @Test
    void should_send_exactly_the_contracts_messages_for_a_lifecycle_in_the_buyers_locale() throws Exception {
        String orderId = Events.newOrderId();
        List<String> states = List.of("CREATED", "PAID", "SHIPPED", "COMPLETED");
        for (int i = 0; i < states.size(); i++) {
            service.publish(withShipment(event(orderId, states.get(i)).sequence(i + 1)));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> mailsFor(orderId).size() == 5 && smsFor(orderId).size() == 1
                && webhooksFor(orderId).size() == 1);
        List<MimeMessage> mails = mailsFor(orderId);
        assertThat(mails).extracting(m -> m.getRecipients(RecipientType.TO)[0].toString() + " " + m.getSubject())
                .containsExactlyInAnyOrder(
                        "lilei@example.com 订单 " + orderId + " 已创建，待付款",
                        "lilei@example.com 订单 " + orderId + " 已付款",
                        "ops@acme.example 请发货：订单 " + orderId,
                        "lilei@example.com 订单 " + orderId + " 已发货",
                        "lilei@example.com 订单 " + orderId + " 已完成");
        MimeMessage shipped = mails.stream().filter(m -> subject(m).endsWith("已发货")).findFirst().orElseThrow();
        assertThat(html(shipped)).contains("SF Express").contains("SF1234567890").contains("李雷");
        assertThat(text(shipped)).contains("运单号 SF1234567890").doesNotContain("<p>");
        assertThat(shipped.getFrom()[0].toString()).isEqualTo("orders@shop.example");
        assertThat(shipped.getHeader("X-Ordercast-Notification-Id")).singleElement().satisfies(id ->
                assertThat(service.notifications(orderId)).anySatisfy(n -> assertThat(n.get("notificationId")).isEqualTo(id)));
        MimeMessage paid = mails.stream().filter(m -> subject(m).endsWith("已付款")).findFirst().orElseThrow();
        assertThat(html(paid)).contains("¥199.00").contains("Kettle");

        JsonNode sms = JSON.readTree(smsFor(orderId).get(0).getBodyAsString());
        assertThat(sms.get("to").asText()).isEqualTo("+8613800000000");
        assertThat(sms.get("text").asText()).isEqualTo("【ordercast】您的订单" + orderId + "已由SF Express发出，运单号SF1234567890。");
        assertThat(smsFor(orderId).get(0).getHeader("Authorization")).isEqualTo("Bearer " + Providers.SMS_TOKEN);

        LoggedRequest webhook = webhooksFor(orderId).get(0);
        assertThat(webhook.getHeader("X-Ordercast-Signature")).isEqualTo("sha256=" + hmac(webhook.getBody()));
        assertThat(JSON.readTree(webhook.getBody()).at("/event/state").asText()).isEqualTo("PAID");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(service.notifications(orderId))
                .filteredOn(n -> !"push".equals(n.get("channel")) && !"review-reminder".equals(n.get("template")))
                .allSatisfy(n -> assertThat(n).containsEntry("status", "SENT").containsEntry("attempts", 1)));
    }

    @Test
    void should_write_in_english_for_an_english_speaking_buyer_and_fall_back_to_english() throws Exception {
        String english = Events.newOrderId();
        service.publish(buyerLocale(event(english, "CREATED").sequence(1), "en-GB"));
        String french = Events.newOrderId();
        service.publish(buyerLocale(event(french, "CREATED").sequence(1), "fr-FR"));

        await().atMost(Duration.ofSeconds(20)).until(() -> mailsFor(english).size() == 1 && mailsFor(french).size() == 1);
        assertThat(subject(mailsFor(english).get(0))).isEqualTo("Order " + english + " created");
        assertThat(subject(mailsFor(french).get(0))).isEqualTo("Order " + french + " created");
    }

    @Test
    void should_send_a_redelivered_event_once() {
        String orderId = Events.newOrderId();
        Events.Builder created = event(orderId, "CREATED").sequence(1);
        service.publish(created);
        service.publish(created);
        service.publish(created);

        await().atMost(Duration.ofSeconds(20)).until(() -> mailsFor(orderId).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> mailsFor(orderId).size() == 1);
    }

    @Test
    void should_send_once_what_was_committed_without_waking_a_dispatcher() {
        String orderId = Events.newOrderId();
        plantUnpublishedNotification(orderId);

        // planned by another instance, say: this one's dispatchers find it when they poll
        await().atMost(Duration.ofSeconds(20)).until(() -> mailsFor(orderId).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> mailsFor(orderId).size() == 1);
        assertThat(service.notifications(orderId)).singleElement().satisfies(n ->
                assertThat(n).containsEntry("status", "SENT").containsEntry("attempts", 1));
    }

    @Test
    void should_not_send_on_a_channel_the_recipient_opted_out_of() throws Exception {
        assertThat(service.put("/api/recipients/" + buyerId + "/preferences", "{\"optOut\":[\"sms\"]}").statusCode())
                .isEqualTo(204);
        String orderId = Events.newOrderId();
        service.publish(buyer(withShipment(event(orderId, "CREATED").sequence(1)), buyerId));
        service.publish(buyer(withShipment(event(orderId, "PAID").sequence(2)), buyerId));
        service.publish(buyer(withShipment(event(orderId, "SHIPPED").sequence(3)), buyerId));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(service.notifications(orderId))
                .filteredOn(n -> "sms".equals(n.get("channel"))).singleElement()
                .satisfies(n -> assertThat(n).containsEntry("status", "SUPPRESSED")
                        .containsEntry("reason", "recipient opted out of sms")));
        await().atMost(Duration.ofSeconds(20)).until(() -> mailsFor(orderId).stream().anyMatch(m -> subject(m).endsWith("已发货")));
        assertThat(smsFor(orderId)).isEmpty();
    }

    @Test
    void should_defer_a_low_priority_notification_in_quiet_hours_but_send_high_priority_ones() throws Exception {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        String quiet = "{\"quietHours\":{\"start\":\"" + now.minusHours(1).withSecond(0).withNano(0)
                + "\",\"end\":\"" + now.plusHours(1).withSecond(0).withNano(0) + "\",\"zone\":\"UTC\"}}";
        assertThat(service.put("/api/recipients/" + buyerId + "/preferences", quiet).statusCode()).isEqualTo(204);
        String orderId = Events.newOrderId();
        List<String> states = List.of("CREATED", "PAID", "SHIPPED", "COMPLETED");
        for (int i = 0; i < states.size(); i++) {
            service.publish(buyer(withShipment(event(orderId, states.get(i)).sequence(i + 1)), buyerId));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(service.notifications(orderId))
                .filteredOn(n -> "review-reminder".equals(n.get("template"))).singleElement()
                .satisfies(n -> {
                    assertThat(n).containsEntry("status", "PENDING");
                    assertThat((String) n.get("reason")).startsWith("deferred by quiet hours until ");
                }));
        assertThat(mailsFor(orderId)).extracting(NotificationDeliveryIT::subject)
                .anySatisfy(s -> assertThat(s).endsWith("已发货"))
                .noneSatisfy(s -> assertThat(s).startsWith("评价"));
    }

    @Test
    void should_send_the_review_reminder_after_the_delay_unless_a_refund_is_requested_first() {
        String reviewed = Events.newOrderId();
        String refunded = Events.newOrderId();
        for (String orderId : List.of(reviewed, refunded)) {
            List<String> states = List.of("CREATED", "PAID", "SHIPPED", "COMPLETED");
            for (int i = 0; i < states.size(); i++) {
                service.publish(withShipment(event(orderId, states.get(i)).sequence(i + 1)));
            }
        }
        service.publish(event(refunded, "REFUND_REQUESTED").sequence(5));

        await().atMost(Duration.ofSeconds(30)).until(() -> mailsFor(reviewed).stream().anyMatch(m -> subject(m).startsWith("评价")));
        assertThat(mailsFor(refunded)).noneSatisfy(m -> assertThat(subject(m)).startsWith("评价"));
        assertThat(service.notifications(refunded)).filteredOn(n -> "review-reminder".equals(n.get("template")))
                .singleElement().satisfies(n -> assertThat(n).containsEntry("status", "SUPPRESSED")
                        .containsEntry("reason", "refund requested before the review reminder was due"));
    }

    @Test
    void should_escape_a_script_in_the_buyers_name() throws Exception {
        String orderId = Events.newOrderId();
        Events.Builder created = event(orderId, "CREATED").sequence(1);
        ((ObjectNode) created.node().get("buyer")).put("name", "<script>alert('x')</script>");
        service.publish(created);

        await().atMost(Duration.ofSeconds(20)).until(() -> mailsFor(orderId).size() == 1);
        String html = html(mailsFor(orderId).get(0));
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    }

    @Test
    void should_not_let_a_line_break_in_a_name_add_a_mail_header() throws Exception {
        String evilOrder = Events.newOrderId();
        Events.Builder evil = event(evilOrder, "CREATED").sequence(1);
        ((ObjectNode) evil.node().get("buyer")).put("name", "Eve\r\nBcc: thief@evil.example\r\n");
        service.publish(evil);
        await().atMost(Duration.ofSeconds(20)).until(() -> mailsFor(evilOrder).size() == 1);

        MimeMessage mail = mailsFor(evilOrder).get(0);
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("lilei@example.com");
        assertThat(providers.smtp.getReceivedMessagesForDomain("evil.example")).isEmpty();
        assertThat(subject(mail)).doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void should_suppress_over_the_frequency_cap() {
        String[] orders = new String[12];
        for (int i = 0; i < orders.length; i++) {
            orders[i] = Events.newOrderId();
            service.publish(buyer(event(orders[i], "CREATED").sequence(1), buyerId));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(orders).allMatch(o ->
                service.notifications(o).stream().filter(n -> "email".equals(n.get("channel")))
                        .allMatch(n -> !"PENDING".equals(n.get("status")))));
        long sent = Arrays.stream(orders).flatMap(o -> service.notifications(o).stream())
                .filter(n -> "email".equals(n.get("channel")) && "SENT".equals(n.get("status"))).count();
        List<Map<String, Object>> capped = Arrays.stream(orders).flatMap(o -> service.notifications(o).stream())
                .filter(n -> "email".equals(n.get("channel")) && "SUPPRESSED".equals(n.get("status"))).toList();
        assertThat(sent).isEqualTo(10);
        assertThat(capped).hasSize(2).allSatisfy(n ->
                assertThat(n.get("reason")).isEqualTo("frequency cap of 10 email per PT1H reached"));
    }

    @Test
    void should_not_cap_a_sellers_work_mails() {
        String sellerId = "s-" + java.util.UUID.randomUUID();
        String[] orders = new String[12];
        for (int i = 0; i < orders.length; i++) {
            orders[i] = Events.newOrderId();
            for (String state : List.of("CREATED", "PAID")) {
                Events.Builder e = buyer(Events.event(orders[i], state), "u-" + orders[i]).sequence("CREATED".equals(state) ? 1 : 2);
                ((ObjectNode) e.node().get("seller")).put("id", sellerId);
                service.publish(e);
            }
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(orders).allMatch(o ->
                service.notifications(o).stream().filter(n -> "order-to-ship".equals(n.get("template")))
                        .anyMatch(n -> !"PENDING".equals(n.get("status")))));
        List<Map<String, Object>> toShip = Arrays.stream(orders).flatMap(o -> service.notifications(o).stream())
                .filter(n -> "order-to-ship".equals(n.get("template"))).toList();
        assertThat(toShip).hasSize(12).allSatisfy(n -> assertThat(n.get("status")).isEqualTo("SENT"));
    }

    private static Events.Builder withShipment(Events.Builder event) {
        ObjectNode shipment = event.node().putObject("shipment");
        shipment.put("carrier", "SF Express");
        shipment.put("trackingNumber", "SF1234567890");
        return event;
    }

    private static Events.Builder buyerLocale(Events.Builder event, String locale) {
        ((ObjectNode) event.node().get("buyer")).put("locale", locale);
        return event;
    }

    private static Events.Builder buyer(Events.Builder event, String buyerId) {
        ((ObjectNode) event.node().get("buyer")).put("id", buyerId);
        return event;
    }

    private String plantUnpublishedNotification(String orderId) {
        // as if the service crashed right after committing the plan: a PENDING row nobody published
        String eventId = "planted-" + orderId;
        String notificationId = java.util.UUID.randomUUID().toString();
        String payload = event(orderId, "CREATED").eventId(eventId).sequence(1).json();
        var dataSource = service.context().getRegistry().lookupByNameAndType("dataSource", javax.sql.DataSource.class);
        try (var c = dataSource.getConnection()) {
            var now = java.time.OffsetDateTime.now(ZoneOffset.UTC);
            try (var ps = c.prepareStatement("INSERT INTO orders (order_id, state, sequence, updated_at) VALUES (?, 'CREATED', 1, ?)")) {
                ps.setString(1, orderId);
                ps.setObject(2, now);
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("INSERT INTO order_events (event_id, order_id, state, sequence, occurred_at,"
                    + " outcome, received_at, decided_at, payload) VALUES (?, ?, 'CREATED', 1, ?, 'APPLIED', ?, ?, ?)")) {
                ps.setString(1, eventId);
                ps.setString(2, orderId);
                ps.setObject(3, now);
                ps.setObject(4, now);
                ps.setObject(5, now);
                ps.setString(6, payload);
                ps.executeUpdate();
            }
            try (var ps = c.prepareStatement("INSERT INTO notifications (notification_id, order_id, event_id, recipient,"
                    + " channel, template, locale, priority, priority_rank, status, attempts, created_at, updated_at, due_at)"
                    + " VALUES (?, ?, ?, ?, 'email', 'order-created', 'zh-CN', 'NORMAL', 1, 'PENDING', 0, ?, ?, ?)")) {
                ps.setString(1, notificationId);
                ps.setString(2, orderId);
                ps.setString(3, eventId);
                ps.setString(4, "buyer:" + buyerId);
                ps.setObject(5, now);
                ps.setObject(6, now);
                ps.setObject(7, now);
                ps.executeUpdate();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return notificationId;
    }

    private static List<MimeMessage> mailsFor(String orderId) {
        return Arrays.stream(providers.smtp.getReceivedMessages()).filter(m -> subject(m).contains(orderId)
                || GreenMailUtil.getBody(m).contains(orderId)).toList();
    }

    private static List<LoggedRequest> smsFor(String orderId) {
        return providers.http.findAll(postRequestedFor(urlEqualTo("/sms"))).stream()
                .filter(r -> r.getBodyAsString().contains(orderId)).toList();
    }

    private static List<LoggedRequest> webhooksFor(String orderId) {
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

    private static String html(MimeMessage message) throws Exception {
        return part(message, "text/html");
    }

    private static String text(MimeMessage message) throws Exception {
        return part(message, "text/plain");
    }

    private static String part(MimeMessage message, String type) throws Exception {
        MimeMultipart multipart = (MimeMultipart) message.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            var body = multipart.getBodyPart(i);
            if (body.isMimeType(type)) {
                return (String) body.getContent();
            }
            if (body.getContent() instanceof MimeMultipart inner) {
                for (int j = 0; j < inner.getCount(); j++) {
                    if (inner.getBodyPart(j).isMimeType(type)) {
                        return (String) inner.getBodyPart(j).getContent();
                    }
                }
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Providers.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

}
