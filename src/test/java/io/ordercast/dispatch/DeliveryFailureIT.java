package io.ordercast.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.support.Events;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Providers that fail: transient failures are retried then dead-lettered, permanent ones go straight
 * to the dead letter, Retry-After is honoured, and a replay sends what never went out, once.
 */
class DeliveryFailureIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Providers providers;
    private static RunningService service;

    @BeforeAll
    static void start() {
        providers = new Providers();
        Map<String, String> properties = providers.serviceProperties();
        properties.put("ordercast.sms.url", "http://127.0.0.1:" + providers.http.port() + "/sms-flaky");
        // retries and dead letters one notification at a time; the circuit breaker has its own test
        properties.put("ordercast.circuit.minimum-calls", "1000");
        properties.put("ordercast.circuit.sliding-window-size", "1000");
        service = RunningService.start(properties);
    }

    @AfterAll
    static void stop() {
        service.close();
        providers.close();
    }

    @BeforeEach
    void reset() {
        providers.http.resetRequests();
    }

    @Test
    void should_retry_a_transient_failure_then_dead_letter_it_with_the_reason() throws Exception {
        smsGatewayAnswers(503, null);
        String orderId = shippedOrder();

        Map<String, Object> sms = awaitSms(orderId, "FAILED");
        assertThat(sms).containsEntry("attempts", 4);
        assertThat((String) sms.get("reason")).startsWith("retries exhausted: HTTP 503");
        assertThat(smsRequests(orderId)).hasSize(4);

        JsonNode dead = deadLetterOf((String) sms.get("notificationId"));
        assertThat(dead.get("channel").asText()).isEqualTo("sms");
        assertThat(dead.get("attempts").asInt()).isEqualTo(4);
        assertThat(dead.get("error").asText()).startsWith("retries exhausted: HTTP 503");
        assertThat(dead.get("message").asText()).contains((String) sms.get("notificationId"));
        Message copy = receiveDeadLetter((String) sms.get("notificationId"));
        assertThat(copy.getMessageProperties().<String>getHeader("x-ordercast-error")).startsWith("retries exhausted");
        // the queue moved on: the order's emails went out
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(service.notifications(orderId))
                .filteredOn(n -> "email".equals(n.get("channel"))).allSatisfy(n -> assertThat(n.get("status")).isEqualTo("SENT")));
    }

    @Test
    void should_not_retry_a_permanent_failure() throws Exception {
        smsGatewayAnswers(400, null);
        String orderId = shippedOrder();

        Map<String, Object> sms = awaitSms(orderId, "FAILED");
        assertThat(sms).containsEntry("attempts", 1);
        assertThat((String) sms.get("reason")).startsWith("permanent: HTTP 400");
        assertThat(smsRequests(orderId)).hasSize(1);
        assertThat(deadLetterOf((String) sms.get("notificationId")).get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void should_wait_as_long_as_retry_after_says() {
        smsGatewayAnswers(429, "2");
        String orderId = shippedOrder();

        awaitSms(orderId, "FAILED");
        List<LoggedRequest> tries = smsRequests(orderId);
        assertThat(tries).hasSize(4);
        for (int i = 1; i < tries.size(); i++) {
            long gap = tries.get(i).getLoggedDate().getTime() - tries.get(i - 1).getLoggedDate().getTime();
            assertThat(gap).as("gap before try %d", i + 1).isGreaterThanOrEqualTo(1900);
        }
    }

    @Test
    void should_send_a_replayed_dead_letter_once_and_not_resend_a_sent_one() throws Exception {
        smsGatewayAnswers(503, null);
        String orderId = shippedOrder();
        Map<String, Object> sms = awaitSms(orderId, "FAILED");
        String deadLetterId = deadLetterOf((String) sms.get("notificationId")).get("id").asText();

        smsGatewayAnswers(200, null);
        providers.http.resetRequests();
        JsonNode replay = JSON.readTree(service.post("/api/dead-letters/" + deadLetterId + "/replay").body());
        assertThat(replay.get(0).get("result").asText()).isEqualTo("requeued");
        awaitSms(orderId, "SENT");
        assertThat(smsRequests(orderId)).hasSize(1);

        JsonNode again = JSON.readTree(service.post("/api/dead-letters/" + deadLetterId + "/replay").body());
        assertThat(again.get(0).get("result").asText()).isEqualTo("already sent; not sent again");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> smsRequests(orderId).size() == 1);
    }

    @Test
    void should_replay_a_whole_channel() throws Exception {
        smsGatewayAnswers(503, null);
        String first = shippedOrder();
        String second = shippedOrder();
        awaitSms(first, "FAILED");
        awaitSms(second, "FAILED");

        smsGatewayAnswers(200, null);
        var response = service.post("/api/dead-letters/replay?channel=sms");

        assertThat(response.statusCode()).isEqualTo(200);
        awaitSms(first, "SENT");
        awaitSms(second, "SENT");
        JsonNode listed = JSON.readTree(service.get("/api/dead-letters?channel=sms&limit=500", RunningService.API_TOKEN).body());
        assertThat(listed.get("deadLetters")).allSatisfy(d -> assertThat(d.get("replayedAt").isNull()).isFalse());
    }

    private static void smsGatewayAnswers(int status, String retryAfter) {
        var response = aResponse().withStatus(status);
        if (retryAfter != null) {
            response = response.withHeader("Retry-After", retryAfter);
        }
        providers.http.stubFor(post(urlEqualTo("/sms-flaky")).willReturn(response));
    }

    private static String shippedOrder() {
        return Events.publishShippedOrder(service);
    }

    private static Map<String, Object> awaitSms(String orderId, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> service.notifications(orderId).stream()
                .anyMatch(n -> "sms".equals(n.get("channel")) && status.equals(n.get("status"))));
        return service.notifications(orderId).stream().filter(n -> "sms".equals(n.get("channel"))).findFirst().orElseThrow();
    }

    private static List<LoggedRequest> smsRequests(String orderId) {
        return providers.http.findAll(postRequestedFor(urlEqualTo("/sms-flaky"))).stream()
                .filter(r -> r.getBodyAsString().contains(orderId)).toList();
    }

    private static JsonNode deadLetterOf(String notificationId) throws Exception {
        JsonNode page = JSON.readTree(service.get("/api/dead-letters?channel=sms&limit=500", RunningService.API_TOKEN).body());
        for (JsonNode d : page.get("deadLetters")) {
            if (notificationId.equals(d.get("notificationId").asText())) {
                return d;
            }
        }
        throw new AssertionError("no dead letter for " + notificationId + " in " + page);
    }

    private static Message receiveDeadLetter(String notificationId) {
        for (int i = 0; i < 100; i++) {
            Message m = service.receive(OrdercastTopology.DEAD_LETTER_QUEUE);
            assertThat(m).isNotNull();
            if (new String(m.getBody()).contains(notificationId)) {
                return m;
            }
        }
        throw new AssertionError("no dead letter message for " + notificationId);
    }
}
