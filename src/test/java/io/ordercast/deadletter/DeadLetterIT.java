package io.ordercast.deadletter;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.support.Events;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a dead letter keeps and shows: only headers ordercast set itself (never the caller's API token,
 * the SMS gateway's token or whatever a publisher attached), and enough to tell whose notification
 * failed: order, template, recipient and the address, masked.
 */
class DeadLetterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BIG = "h".repeat(30 * 1024);
    private static Providers providers;
    private static RunningService service;

    @BeforeAll
    static void start() {
        providers = new Providers();
        Map<String, String> properties = providers.serviceProperties();
        // every SMS fails for good: HTTP 400
        properties.put("ordercast.sms.url", "http://127.0.0.1:" + providers.http.port() + "/sms-refuses");
        providers.http.stubFor(post(urlEqualTo("/sms-refuses")).willReturn(aResponse().withStatus(400)));
        service = RunningService.start(properties);
    }

    @AfterAll
    static void stop() {
        service.close();
        providers.close();
    }

    @Test
    void should_keep_neither_the_api_token_nor_the_sms_token_in_a_replayed_notifications_dead_letter() throws Exception {
        String orderId = Events.publishShippedOrder(service);
        String notificationId = failedSms(orderId);
        String first = deadLettersOf(notificationId).get(0).get("id").asText();

        // the replay is an HTTP call with "Authorization: Bearer <API token>"; the SMS route sets the SMS token
        assertThat(service.post("/api/dead-letters/" + first + "/replay").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLettersOf(notificationId).size() == 2);

        assertThat(storedHeaders(notificationId)).hasSize(2).allSatisfy(h -> assertThat(h)
                .doesNotContain(RunningService.API_TOKEN).doesNotContain(Providers.SMS_TOKEN)
                .doesNotContainIgnoringCase("authorization"));
        List<Message> copies = deadLetterMessages(notificationId, 2);
        assertThat(copies).allSatisfy(m -> {
            assertThat(m.getMessageProperties().getHeaders().keySet()).allSatisfy(name -> assertThat(name).startsWith("x-ordercast-"));
            assertThat(m.getMessageProperties().toString()).doesNotContain(RunningService.API_TOKEN)
                    .doesNotContain(Providers.SMS_TOKEN);
            assertThat(m.getMessageProperties().getContentType()).isEqualTo("application/json");
            assertThat(m.getMessageProperties().<String>getHeader("x-ordercast-error")).startsWith("permanent: ");
        });
        // each copy names its stored dead letter, the one GET /api/dead-letters lists and a replay takes
        assertThat(copies).map(m -> m.getMessageProperties().<String>getHeader("x-ordercast-dead-letter-id"))
                .containsExactlyInAnyOrderElementsOf(deadLettersOf(notificationId).stream().map(d -> d.get("id").asText()).toList());
    }

    @Test
    void should_store_no_header_of_a_channel_message_that_ordercast_did_not_set() throws Exception {
        String orderId = Events.publishShippedOrder(service);
        String notificationId = failedSms(orderId);
        // a channel message from elsewhere (e.g. queued by an older version's replay, or an operator's
        // tool) carrying a bearer token and 60 KB of headers, half of them named like ours
        setPending(notificationId);
        Map<String, Object> headers = new java.util.HashMap<>();
        headers.put("Authorization", "Bearer " + RunningService.API_TOKEN);
        for (int i = 0; i < 30; i++) {
            // values up to 1 KB arrive as strings (longer ones as Spring AMQP's LongString)
            headers.put("x-trace-" + i, "t".repeat(1000));
            headers.put("x-ordercast-note-" + i, "n".repeat(1000));
        }
        service.publishRaw(("{\"notificationId\":\"" + notificationId + "\",\"channel\":\"sms\",\"priority\":\"HIGH\"}")
                .getBytes(StandardCharsets.UTF_8), "ordercast.notify.sms", "", headers);

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLettersOf(notificationId).size() == 2);
        assertThat(storedHeaders(notificationId)).allSatisfy(h -> assertThat(h)
                .doesNotContain(RunningService.API_TOKEN).doesNotContain("x-trace").hasSizeLessThanOrEqualTo(20_000));
        assertThat(deadLetterMessages(notificationId, 2)).allSatisfy(m -> assertThat(m.getMessageProperties().getHeaders())
                .doesNotContainKeys("Authorization", "x-trace-0"));
    }

    @Test
    void should_store_list_and_replay_the_dead_letter_of_an_event_published_with_30_KB_of_headers() throws Exception {
        String orderId = Events.newOrderId();
        List<String> states = List.of("CREATED", "PAID", "SHIPPED");
        for (int i = 0; i < states.size(); i++) {
            Events.Builder e = Events.event(orderId, states.get(i)).sequence(i + 1);
            ((ObjectNode) e.node().get("buyer")).put("id", "u-" + orderId);
            service.publishRaw(e.json().getBytes(StandardCharsets.UTF_8), "order." + states.get(i).toLowerCase(),
                    OrdercastTopology.EVENTS_EXCHANGE, Map.of("x-publisher-trace", BIG));
        }
        String notificationId = failedSms(orderId);

        JsonNode listed = deadLettersOf(notificationId).get(0);
        assertThat(listed.get("orderId").asText()).isEqualTo(orderId);
        JsonNode replay = JSON.readTree(service.post("/api/dead-letters/" + listed.get("id").asText() + "/replay").body());
        assertThat(replay.get(0).get("result").asText()).isEqualTo("requeued");
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLettersOf(notificationId).size() == 2);
    }

    @Test
    void should_list_dead_letters_with_order_template_and_masked_recipient_and_filter_them_by_order() throws Exception {
        String orderId = Events.publishShippedOrder(service);
        String other = Events.publishShippedOrder(service);
        String notificationId = failedSms(orderId);
        failedSms(other);

        var response = service.get("/api/dead-letters?orderId=" + orderId, RunningService.API_TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode page = JSON.readTree(response.body());
        assertThat(page.get("total").asInt()).isEqualTo(1);
        JsonNode dead = page.get("deadLetters").get(0);
        assertThat(dead.get("notificationId").asText()).isEqualTo(notificationId);
        assertThat(dead.get("orderId").asText()).isEqualTo(orderId);
        assertThat(dead.get("template").asText()).isEqualTo("order-shipped");
        assertThat(dead.get("recipient").asText()).isEqualTo("buyer:u-" + orderId);
        assertThat(dead.get("address").asText()).isEqualTo("***00");
        assertThat(response.body()).doesNotContain("+8613800000000");
        assertThat(service.get("/api/dead-letters?orderId=SO%201", RunningService.API_TOKEN).statusCode()).isEqualTo(400);
    }

    /** Waits for the order's SMS to fail; returns its notificationId. */
    private static String failedSms(String orderId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> service.notifications(orderId).stream()
                .anyMatch(n -> "sms".equals(n.get("channel")) && "FAILED".equals(n.get("status"))));
        String id = (String) service.notifications(orderId).stream().filter(n -> "sms".equals(n.get("channel")))
                .findFirst().orElseThrow().get("notificationId");
        await().atMost(Duration.ofSeconds(10)).until(() -> !deadLettersOf(id).isEmpty());
        return id;
    }

    private static List<JsonNode> deadLettersOf(String notificationId) throws Exception {
        JsonNode page = JSON.readTree(service.get("/api/dead-letters?channel=sms&limit=500", RunningService.API_TOKEN).body());
        List<JsonNode> found = new ArrayList<>();
        page.get("deadLetters").forEach(d -> {
            if (notificationId.equals(d.get("notificationId").asText())) {
                found.add(d);
            }
        });
        return found;
    }

    private static List<String> storedHeaders(String notificationId) throws Exception {
        List<String> headers = new ArrayList<>();
        try (Connection c = dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT headers FROM dead_letters WHERE notification_id = ?")) {
            ps.setString(1, notificationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    headers.add(rs.getString(1));
                }
            }
        }
        return headers;
    }

    private static void setPending(String notificationId) throws Exception {
        try (Connection c = dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE notifications SET status = 'PENDING', claimed_at = NULL WHERE notification_id = ?")) {
            ps.setString(1, notificationId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    /** The copies of a notification's dead letters in ordercast.notifications.dead (other tests' copies are skipped). */
    private static List<Message> deadLetterMessages(String notificationId, int expected) {
        List<Message> found = new ArrayList<>();
        Message m;
        while (found.size() < expected && (m = service.receive(OrdercastTopology.DEAD_LETTER_QUEUE)) != null) {
            if (new String(m.getBody(), StandardCharsets.UTF_8).contains(notificationId)) {
                found.add(m);
            }
        }
        assertThat(found).as("dead-letter queue copies of " + notificationId).hasSize(expected);
        return found;
    }

    private static DataSource dataSource() {
        return service.context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
    }
}
