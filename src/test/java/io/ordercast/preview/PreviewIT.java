package io.ordercast.preview;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.db.Jdbc;
import io.ordercast.support.Events;
import io.ordercast.support.PackagedRoutes;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * POST /api/preview, the dry run of an order event: the state machine's outcome, the router's plan as the routes
 * folder has it now, delivery's decision about each notification and its rendered message per channel; nothing
 * written, nothing sent, no traffic counted. The webhook has its secret but no URL, so it shows the channel that is
 * not configured; push has no provider set up.
 */
class PreviewIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLES = Path.of("docs/examples");
    private static final String ANDROID_TOKEN = "preview-phone:APA91bH-sample-fcm-registration-token-0000000000";
    private static final String CREATED_LINE = "                  - to: \"plan:order-created?role=buyer&channel=email&priority=NORMAL\"\n";
    private static final String SELLER_LINE = "                  - to: \"plan:order-to-ship?role=seller&channel=email&priority=LOW\"\n";

    private static Path routes;
    private static Providers providers;
    private static RunningService service;

    @BeforeAll
    static void start() throws Exception {
        routes = PackagedRoutes.copyTo(Files.createTempDirectory("preview-routes"));
        providers = new Providers();
        Map<String, String> properties = providers.serviceProperties();
        properties.put("ordercast.outbox.channels", "email,sms,webhook,push");
        properties.remove("ordercast.webhook.url");
        properties.put("ordercast.routes.dir", routes.toString());
        properties.put("ordercast.routes.reload", "true");
        service = RunningService.start(properties);
    }

    @AfterAll
    static void stop() throws Exception {
        try (AutoCloseable p = providers; AutoCloseable s = service) {
            // closed in reverse order
        }
    }

    @Test
    void should_render_and_decide_every_notification_of_a_paid_order() throws Exception {
        ObjectNode event = example("paid");
        String orderId = event.get("orderId").asText();

        JsonNode answer = preview(event, "?from=CREATED");

        assertThat(answer.get("outcome").asText()).isEqualTo("APPLIED");
        assertThat(answer.get("state").asText()).isEqualTo("PAID");
        assertThat(answer.get("reason").isNull()).isTrue();
        JsonNode buyerMail = notification(answer, "order-paid", "buyer", "email");
        assertThat(buyerMail.get("decision").asText()).isEqualTo("SEND");
        assertThat(buyerMail.get("priority").asText()).isEqualTo("HIGH");
        assertThat(buyerMail.get("locale").asText()).isEqualTo("zh-CN");
        assertThat(buyerMail.get("delay").isNull()).isTrue();
        assertThat(buyerMail.at("/content/subject").asText()).contains(orderId);
        assertThat(buyerMail.at("/content/html").asText()).startsWith("<!DOCTYPE html>").contains("<title>");
        assertThat(buyerMail.at("/content/text").asText()).contains("Kettle").doesNotContain("<p>");
        assertThat(notification(answer, "order-to-ship", "seller", "email").get("decision").asText()).isEqualTo("SEND");

        JsonNode push = notification(answer, "order-paid", "buyer", "push");
        assertThat(push.get("decision").asText()).isEqualTo("SUPPRESSED");
        assertThat(push.get("reason").asText()).isEqualTo("buyer has no push device registered");
        for (String provider : List.of("fcm", "apns")) {
            JsonNode payload = push.at("/content/" + provider);
            assertThat(payload.get("limit").asInt()).isEqualTo(4096);
            assertThat(payload.get("bytes").asInt()).isEqualTo(utf8Bytes(payload.get("payload").asText()))
                    .isLessThanOrEqualTo(4096);
            assertThat(payload.get("payload").asText()).contains(orderId);
        }

        JsonNode webhook = notification(answer, "order-paid", "carrier", "webhook");
        assertThat(webhook.get("decision").asText()).isEqualTo("SUPPRESSED");
        assertThat(webhook.get("reason").asText()).isEqualTo("webhook is not configured: ordercast.webhook.url is unset");
        // a receiver holding the secret can check both signatures against the body shown
        byte[] body = webhook.at("/content/body").asText().getBytes(StandardCharsets.UTF_8);
        JsonNode headers = webhook.at("/content/headers");
        assertThat(headers.get("X-Ordercast-Signature").asText())
                .isEqualTo("sha256=" + HexFormat.of().formatHex(hmac(Providers.WEBHOOK_SECRET, body)));
        String signed = headers.get("webhook-id").asText() + "." + headers.get("webhook-timestamp").asText() + ".";
        assertThat(headers.get("webhook-signature").asText()).isEqualTo("v1," + Base64.getEncoder().encodeToString(
                hmac(Providers.WEBHOOK_SECRET, concat(signed.getBytes(StandardCharsets.UTF_8), body))));
        // the carrier sees the order and the parcel, not the buyer's contact details
        assertThat(JSON.readTree(body).at("/event/orderId").asText()).isEqualTo(orderId);
        assertThat(JSON.readTree(body).at("/event/buyer/email").isMissingNode()).isTrue();
    }

    @Test
    void should_count_sms_segments_and_decide_by_the_recipients_devices_and_opt_outs() throws Exception {
        ObjectNode chinese = example("shipped");
        String buyer = "u-pv-" + UUID.randomUUID().toString().substring(0, 8);
        ((ObjectNode) chinese.get("buyer")).put("id", buyer);
        assertThat(service.put("/api/recipients/" + buyer + "/devices/" + ANDROID_TOKEN, "{\"platform\":\"android\"}")
                .statusCode()).isEqualTo(204);

        JsonNode answer = preview(chinese, "?from=PAID");

        JsonNode sms = notification(answer, "order-shipped", "buyer", "sms");
        assertThat(sms.get("decision").asText()).isEqualTo("SEND");
        String text = sms.at("/content/text").asText();
        assertThat(text).contains("SF1234567890");
        assertThat(sms.at("/content/length").asInt()).isEqualTo(text.codePointCount(0, text.length()));
        assertThat(sms.at("/content/encoding").asText()).isEqualTo("UCS-2");
        assertThat(sms.at("/content/segments").asInt()).isEqualTo(text.length() <= 70 ? 1 : (text.length() + 66) / 67);
        JsonNode push = notification(answer, "order-shipped", "buyer", "push");
        assertThat(push.get("device").asText()).isEqualTo("…000000");
        assertThat(push.get("decision").asText()).isEqualTo("SUPPRESSED");
        assertThat(push.get("reason").asText()).startsWith("fcm is not configured");
        assertThat(push.at("/content/fcm/payload").asText()).contains(ANDROID_TOKEN);

        ObjectNode english = chinese.deepCopy();
        ((ObjectNode) english.get("buyer")).put("locale", "en");
        assertThat(service.put("/api/recipients/" + buyer + "/preferences", "{\"optOut\":[\"email\"]}").statusCode())
                .isEqualTo(204);
        answer = preview(english, "?from=PAID");

        sms = notification(answer, "order-shipped", "buyer", "sms");
        assertThat(sms.get("locale").asText()).isEqualTo("en");
        assertThat(sms.at("/content/encoding").asText()).isEqualTo("GSM-7");
        assertThat(sms.at("/content/segments").asInt()).isEqualTo(1);
        JsonNode mail = notification(answer, "order-shipped", "buyer", "email");
        assertThat(mail.get("decision").asText()).isEqualTo("SUPPRESSED");
        assertThat(mail.get("reason").asText()).isEqualTo("recipient opted out of email");
        // what the recipient would have got, all the same
        assertThat(mail.at("/content/subject").asText()).isNotBlank();
    }

    @Test
    void should_defer_a_low_priority_notification_due_in_the_recipients_quiet_hours() throws Exception {
        ObjectNode event = example("completed");
        String buyer = "u-pv-" + UUID.randomUUID().toString().substring(0, 8);
        ((ObjectNode) event.get("buyer")).put("id", buyer);
        // around the time the review reminder is due, three days from now
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
        Instant due = Instant.now().plus(Duration.ofDays(3));
        assertThat(service.put("/api/recipients/" + buyer + "/preferences", "{\"quietHours\":{\"start\":\""
                + hhmm.format(due.minus(Duration.ofHours(1))) + "\",\"end\":\"" + hhmm.format(due.plus(Duration.ofHours(1)))
                + "\",\"zone\":\"UTC\"}}").statusCode()).isEqualTo(204);

        JsonNode answer = preview(event, "?from=SHIPPED");

        JsonNode reminder = notification(answer, "review-reminder", "buyer", "email");
        assertThat(reminder.get("priority").asText()).isEqualTo("LOW");
        assertThat(reminder.get("delay").asText()).isEqualTo("P3D");
        assertThat(reminder.get("decision").asText()).isEqualTo("DEFERRED");
        assertThat(reminder.get("reason").asText()).startsWith("deferred by quiet hours until ");
        // quiet hours hold back low priority only
        assertThat(notification(answer, "order-completed", "buyer", "email").get("decision").asText()).isEqualTo("SEND");
    }

    @Test
    void should_answer_rejected_for_a_transition_the_state_machine_refuses() throws Exception {
        JsonNode fromShipped = preview(example("paid"), "?from=SHIPPED");
        assertThat(fromShipped.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(fromShipped.get("reason").asText()).isEqualTo("transition SHIPPED -> PAID is not allowed");
        assertThat(fromShipped.get("notifications")).isEmpty();

        JsonNode newOrder = preview(example("paid"), "");
        assertThat(newOrder.get("outcome").asText()).isEqualTo("REJECTED");
        assertThat(newOrder.get("reason").asText()).isEqualTo("transition NEW -> PAID is not allowed");

        // a declined refund: back to the state before the request
        JsonNode declined = preview(example("paid"), "?from=REFUND_REQUESTED&previous=PAID");
        assertThat(declined.get("outcome").asText()).isEqualTo("APPLIED");
        assertThat(notification(declined, "refund-declined", "buyer", "email").get("decision").asText()).isEqualTo("SEND");
    }

    @Test
    void should_answer_400_with_the_schemas_reason_for_an_invalid_event_and_an_unknown_state() throws Exception {
        ObjectNode event = example("paid");
        event.remove("orderId");
        HttpResponse<String> invalid = post(event.toString(), "", RunningService.API_TOKEN);
        assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(400);
        assertThat(JSON.readTree(invalid.body()).get("error").asText()).startsWith("schema: ").contains("orderId");

        HttpResponse<String> notJson = post("{\"eventId\":", "", RunningService.API_TOKEN);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).get("error").asText()).startsWith("not JSON");

        HttpResponse<String> unknownFrom = post(example("paid").toString(), "?from=LOST", RunningService.API_TOKEN);
        assertThat(unknownFrom.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknownFrom.body()).get("error").asText()).startsWith("from: unknown state 'LOST'");
    }

    @Test
    void should_refuse_a_call_without_the_api_token() throws Exception {
        HttpResponse<String> response = post(example("created").toString(), "", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("error").asText()).startsWith("missing bearer token");
    }

    @Test
    void should_write_nothing_send_nothing_and_count_no_traffic() throws Exception {
        // real traffic first, so that its counters exist, and then quiet
        String real = Events.newOrderId();
        service.publish(Events.event(real, "CREATED").sequence(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> service.notifications(real).size() == 2
                && service.notifications(real).stream().noneMatch(n -> "PENDING".equals(n.get("status"))));
        Map<String, Long> rows = rowCounts();
        Map<String, String> traffic = trafficMetrics();
        int mailsBefore = providers.allMail().size();

        for (String example : List.of("created", "paid", "shipped", "completed", "cancelled", "refund_requested", "refunded")) {
            String from = Map.of("created", "", "paid", "?from=CREATED", "shipped", "?from=PAID", "completed", "?from=SHIPPED",
                    "cancelled", "?from=PAID", "refund_requested", "?from=COMPLETED", "refunded", "?from=REFUND_REQUESTED")
                    .get(example);
            assertThat(preview(example(example), from).get("outcome").asText()).as(example).isEqualTo("APPLIED");
        }

        assertThat(rowCounts()).isEqualTo(rows);
        assertThat(trafficMetrics()).isEqualTo(traffic);
        assertThat(traffic).containsKeys("order-ingest", "notify-email");
        assertThat(providers.allMail()).hasSize(mailsBefore);
        assertThat(service.order(example("paid").get("orderId").asText())).isNull();
    }

    @Test
    void should_preview_the_router_as_the_routes_folder_has_it_now() throws Exception {
        assertThat(recipients(preview(example("created"), ""))).doesNotContain("seller");
        Path router = routes.resolve("order-router.camel.yaml");
        String original = Files.readString(router);
        assertThat(original).contains(CREATED_LINE);
        try {
            // the integrator tells the seller about new orders too, and saves the file
            Files.writeString(router, original.replace(CREATED_LINE, CREATED_LINE + SELLER_LINE));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> recipients(preview(example("created"), "")).contains("seller"));
            JsonNode seller = notification(preview(example("created"), ""), "order-to-ship", "seller", "email");
            assertThat(seller.get("priority").asText()).isEqualTo("LOW");
            assertThat(seller.at("/content/subject").asText()).isNotBlank();
        } finally {
            Files.writeString(router, original);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !recipients(preview(example("created"), "")).contains("seller"));
        }
    }

    @Test
    void should_show_a_digest_line_as_joining_a_digest_of_its_window() throws Exception {
        Path router = routes.resolve("order-router.camel.yaml");
        String original = Files.readString(router);
        String paidSellerLine = "plan:order-to-ship?role=seller&channel=email&priority=HIGH\"";
        assertThat(original).contains(paidSellerLine);
        try {
            Files.writeString(router, original.replace(paidSellerLine,
                    "plan:order-to-ship?role=seller&channel=email&priority=HIGH&digest=PT1H\""));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                    "DIGEST".equals(notification(preview(example("paid"), "?from=CREATED"), "order-to-ship", "seller", "email")
                            .get("decision").asText()));
            JsonNode seller = notification(preview(example("paid"), "?from=CREATED"), "order-to-ship", "seller", "email");
            assertThat(seller.get("reason").asText()).isEqualTo("joins a digest of PT1H");
            assertThat(seller.get("digest").asText()).isEqualTo("PT1H");
            assertThat(notification(preview(example("paid"), "?from=CREATED"), "order-paid", "buyer", "email").get("digest").isNull())
                    .isTrue();
        } finally {
            Files.writeString(router, original);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                    "SEND".equals(notification(preview(example("paid"), "?from=CREATED"), "order-to-ship", "seller", "email")
                            .get("decision").asText()));
        }
    }

    // ---- helpers ----

    private static ObjectNode example(String name) throws Exception {
        return (ObjectNode) JSON.readTree(EXAMPLES.resolve(name + ".json").toFile());
    }

    private static JsonNode preview(JsonNode event, String query) throws Exception {
        HttpResponse<String> response = post(event.toString(), query, RunningService.API_TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> post(String body, String query, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.uri("/api/preview" + query))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return service.send(request.build());
    }

    private static JsonNode notification(JsonNode answer, String template, String role, String channel) {
        return StreamSupport.stream(answer.get("notifications").spliterator(), false)
                .filter(n -> n.get("template").asText().equals(template) && n.get("role").asText().equals(role)
                        && n.get("channel").asText().equals(channel))
                .findFirst().orElseThrow(() -> new AssertionError("no " + template + " to " + role + " by " + channel
                        + " in " + answer));
    }

    private static List<String> recipients(JsonNode answer) {
        return StreamSupport.stream(answer.get("notifications").spliterator(), false)
                .map(n -> n.get("role").asText()).toList();
    }

    private static Map<String, Long> rowCounts() {
        Jdbc jdbc = service.context().getRegistry().findSingleByType(Jdbc.class);
        return List.of("orders", "order_events", "notifications", "dead_letters").stream()
                .collect(Collectors.toMap(table -> table,
                        table -> jdbc.sql().sql("SELECT COUNT(*) FROM " + table).query(Long.class).single()));
    }

    /** camel_exchanges_total of the routes that carry real events and notifications, by route id. */
    private static Map<String, String> trafficMetrics() throws Exception {
        // with ordercast.routes.dir every path needs the token
        String scrape = service.get("/observe/metrics", RunningService.API_TOKEN).body();
        return scrape.lines()
                .filter(line -> line.startsWith("camel_exchanges_total{"))
                .filter(line -> line.matches(".*route_id=\"(order-ingest|order-follow-up|notify-[a-z]+|send-[a-z]+|call-[a-z]+)\".*"))
                .collect(Collectors.toMap(line -> line.replaceAll(".*route_id=\"([^\"]+)\".*", "$1"),
                        line -> line.substring(line.lastIndexOf(' ') + 1)));
    }

    private static int utf8Bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static byte[] hmac(String secret, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
