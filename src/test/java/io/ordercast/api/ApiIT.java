package io.ordercast.api;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.support.Events;
import io.ordercast.support.RawHttp;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The HTTP API of docs/contract.md §4 over real HTTP: bearer auth, JSON answers and errors, health. */
class ApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void should_refuse_an_api_call_without_the_token_with_a_json_401() throws Exception {
        HttpResponse<String> response = service.get("/api/orders/SO-1", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains("bearer token");
    }

    @Test
    void should_refuse_a_wrong_token() throws Exception {
        HttpResponse<String> response = service.get("/api/analytics/transitions", "not-the-token");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("invalid bearer token");
    }

    @Test
    void should_answer_404_for_an_unknown_order() throws Exception {
        HttpResponse<String> response = service.get("/api/orders/SO-NOPE", RunningService.API_TOKEN);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("no order SO-NOPE");
    }

    @Test
    void should_answer_400_for_a_malformed_order_id() throws Exception {
        HttpResponse<String> response = service.get("/api/orders/SO%20one", RunningService.API_TOKEN);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains("orderId");
    }

    @Test
    void should_show_an_order_with_its_timeline_and_notifications() throws Exception {
        String orderId = Events.newOrderId();
        service.publish(event(orderId, "CREATED").sequence(1));
        service.publish(event(orderId, "PAID").sequence(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> service.notifications(orderId).size() == 6);

        HttpResponse<String> response = service.get("/api/orders/" + orderId, RunningService.API_TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode order = JSON.readTree(response.body());
        assertThat(order.get("orderId").asText()).isEqualTo(orderId);
        assertThat(order.get("state").asText()).isEqualTo("PAID");
        assertThat(order.get("sequence").asLong()).isEqualTo(2);
        assertThat(order.get("updatedAt").asText()).isNotBlank();
        assertThat(order.get("timeline")).hasSize(2);
        assertThat(order.get("timeline").get(0).fieldNames()).toIterable()
                .contains("eventId", "state", "sequence", "occurredAt", "outcome");
        assertThat(order.get("notifications")).hasSize(6);
        assertThat(order.get("notifications").get(0).fieldNames()).toIterable()
                .contains("notificationId", "recipient", "channel", "template", "status", "attempts", "updatedAt");
    }

    @Test
    void should_count_the_observed_transitions() throws Exception {
        for (List<String> path : List.of(List.of("CREATED", "PAID"), List.of("CREATED", "PAID"), List.of("CREATED", "CANCELLED"))) {
            String orderId = Events.newOrderId();
            service.publish(event(orderId, path.get(0)).sequence(1));
            service.publish(event(orderId, path.get(1)).sequence(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> service.timeline(orderId).size() == 2);
        }

        JsonNode analytics = JSON.readTree(service.get("/api/analytics/transitions", RunningService.API_TOKEN).body());

        // the state machine's order: the order a lifecycle meets the states, not their names' order
        List<String> states = List.of("CREATED", "PAID", "CANCELLED", "SHIPPED", "REFUND_REQUESTED", "COMPLETED", "REFUNDED");
        assertThat(analytics.get("states")).extracting(JsonNode::asText).containsExactlyElementsOf(states);
        for (String matrix : List.of("counts", "probabilities")) {
            List<String> sources = fieldNames(analytics.get(matrix));
            assertThat(sources).as(matrix).isSubsetOf(states).isSortedAccordingTo(Comparator.comparingInt(states::indexOf));
            for (String source : sources) {
                assertThat(fieldNames(analytics.get(matrix).get(source))).as(matrix + "." + source)
                        .isSortedAccordingTo(Comparator.comparingInt(states::indexOf));
            }
            assertThat(fieldNames(analytics.get(matrix).get("CREATED"))).as(matrix).containsExactly("PAID", "CANCELLED");
        }
        long paid = analytics.at("/counts/CREATED/PAID").asLong();
        long cancelled = analytics.at("/counts/CREATED/CANCELLED").asLong();
        assertThat(paid).isGreaterThanOrEqualTo(2);
        assertThat(cancelled).isGreaterThanOrEqualTo(1);
        assertThat(analytics.at("/probabilities/CREATED/PAID").asDouble())
                .isCloseTo((double) paid / (paid + cancelled), org.assertj.core.data.Offset.offset(0.0001));
    }

    @Test
    void should_store_preferences_and_refuse_malformed_ones_with_the_reason() throws Exception {
        assertThat(service.put("/api/recipients/u-42/preferences",
                "{\"optOut\":[\"sms\"],\"quietHours\":{\"start\":\"22:00\",\"end\":\"08:00\",\"zone\":\"Asia/Shanghai\"}}")
                .statusCode()).isEqualTo(204);

        HttpResponse<String> unknownChannel = service.put("/api/recipients/u-42/preferences", "{\"optOut\":[\"fax\"]}");
        assertThat(unknownChannel.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknownChannel.body()).get("error").asText()).startsWith("optOut: unknown channel 'fax'");

        HttpResponse<String> badZone = service.put("/api/recipients/u-42/preferences",
                "{\"quietHours\":{\"start\":\"22:00\",\"end\":\"08:00\",\"zone\":\"Mars/Olympus\"}}");
        assertThat(badZone.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badZone.body()).get("error").asText()).startsWith("quietHours:");

        HttpResponse<String> notJson = service.put("/api/recipients/u-42/preferences", "{optOut:");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).get("error").asText()).startsWith("body is not JSON");
    }

    @Test
    void should_list_dead_letters_by_order_and_refuse_a_malformed_order_id() throws Exception {
        HttpResponse<String> none = service.get("/api/dead-letters?orderId=SO-NO-DEAD-LETTERS", RunningService.API_TOKEN);

        assertThat(none.statusCode()).isEqualTo(200);
        JsonNode page = JSON.readTree(none.body());
        assertThat(page.get("total").asInt()).isZero();
        assertThat(page.get("deadLetters")).isEmpty();
        HttpResponse<String> malformed = service.get("/api/dead-letters?orderId=SO%201", RunningService.API_TOKEN);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).get("error").asText()).contains("orderId");
    }

    @Test
    void should_not_take_the_token_from_the_query_string() throws Exception {
        HttpResponse<String> response = service.get("/api/analytics/transitions?Authorization=Bearer%20"
                + RunningService.API_TOKEN, null);

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void should_echo_no_query_parameter_or_request_header_as_a_response_header() throws Exception {
        for (String token : new String[] {null, RunningService.API_TOKEN}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(service.uri(
                            "/api/analytics/transitions?Set-Cookie=a&Refresh=0&X-Forged=1"))
                    .header("Access-Control-Allow-Origin", "evil")
                    .header("X-Request-Echo", "1");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }

            HttpResponse<String> response = service.send(request.build());

            assertThat(response.statusCode()).isEqualTo(token == null ? 401 : 200);
            assertThat(response.headers().map().keySet()).map(String::toLowerCase)
                    .doesNotContain("set-cookie", "refresh", "x-forged", "access-control-allow-origin", "x-request-echo",
                            "authorization");
        }
    }

    @Test
    void should_answer_a_crlf_in_a_query_parameter_without_a_500() throws Exception {
        HttpResponse<String> anonymous = service.get("/api/orders/SO-1?x=a%0d%0aSet-Cookie:%20b", null);
        HttpResponse<String> authorised = service.get("/api/orders/SO-1?x=a%0d%0aSet-Cookie:%20b", RunningService.API_TOKEN);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(authorised.statusCode()).isEqualTo(404);
        assertThat(authorised.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void should_report_health_up_without_a_token() throws Exception {
        HttpResponse<String> response = service.get("/observe/health", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
    }

    @Test
    void should_show_no_health_details_without_a_token_whatever_the_query() throws Exception {
        for (String path : List.of("/observe/health", "/observe/health?exposureLevel=full&stackTrace=true&data=true",
                "/observe/health/ready?exposureLevel=full&stackTrace=true&data=true")) {
            HttpResponse<String> response = service.get(path, null);

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).fieldNames()).toIterable().as(path).containsExactly("status");
        }
    }

    @Test
    void should_answer_head_on_the_health_endpoints() throws Exception {
        for (String path : List.of("/observe/health", "/observe/health/live", "/observe/health/ready")) {
            HttpResponse<String> response = service.head(path);

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).isEmpty();
        }
    }

    @Test
    void should_show_every_check_with_its_state_behind_the_token() throws Exception {
        assertThat(service.get("/api/health", null).statusCode()).isEqualTo(401);

        HttpResponse<String> response = service.get("/api/health", RunningService.API_TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("checks")).extracting(c -> c.get("name").asText()).contains("database", "broker");
        assertThat(health.get("checks")).allSatisfy(c -> {
            assertThat(c.get("status").asText()).isEqualTo("UP");
            assertThat(c.fieldNames()).toIterable().isSubsetOf("name", "status", "message");
        });
    }

    /** A request the router refuses before any route runs, and what it answers with the token. */
    private record Refusal(String head, String body, int status, String error) {
    }

    @Test
    void should_answer_what_the_router_refuses_itself_as_json_and_only_to_a_caller_with_the_token() throws Exception {
        List<Refusal> refusals = List.of(
                new Refusal("GET /api/no-such-call HTTP/1.1\r\n", "", 404, "not found"),
                new Refusal("GET /api HTTP/1.1\r\n", "", 404, "not found"),
                new Refusal("POST /api/orders/SO-1 HTTP/1.1\r\n", "", 405, "method not allowed"),
                new Refusal("DELETE /api/analytics/transitions HTTP/1.1\r\n", "", 405, "method not allowed"),
                new Refusal("GET /api/orders/SO-1 HTTP/1.1\r\nAccept: text/html\r\n", "", 406, "application/json"),
                new Refusal("PUT /api/recipients/u-1/preferences HTTP/1.1\r\nContent-Type: text/plain\r\n",
                        "{}", 415, "Content-Type: application/json"),
                new Refusal("PUT /api/recipients/u-1/devices/abc HTTP/1.1\r\n", "{}", 415, "Content-Type: application/json"),
                new Refusal("GET /api/orders/%ZZ HTTP/1.1\r\n", "", 400, "malformed path"),
                // decoded, %61pi is /api: a path that cannot be decoded may be one, so it needs the token too
                new Refusal("GET /%61pi/orders/%ZZ HTTP/1.1\r\n", "", 400, "malformed path"));
        for (Refusal refusal : refusals) {
            for (String authorization : new String[] {"", "Authorization: Bearer not-the-token\r\n"}) {
                RawHttp.Answer anonymous = send(refusal.head() + authorization, refusal.body());
                assertThat(anonymous.status()).as("%s%s", refusal.head(), authorization).isEqualTo(401);
                assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
                assertJsonError(anonymous, authorization.isEmpty() ? "missing bearer token" : "invalid bearer token");
            }

            RawHttp.Answer answer = send(refusal.head() + "Authorization: Bearer " + RunningService.API_TOKEN + "\r\n",
                    refusal.body());

            assertThat(answer.status()).as(refusal.head()).isEqualTo(refusal.status());
            assertJsonError(answer, refusal.error());
        }
    }

    @Test
    void should_answer_json_outside_the_api_too_without_asking_for_the_token() throws Exception {
        RawHttp.Answer notFound = send("GET /no-such-page HTTP/1.1\r\n", "");
        RawHttp.Answer wrongMethod = send("DELETE /observe/health HTTP/1.1\r\n", "");

        assertThat(notFound.status()).isEqualTo(404);
        assertJsonError(notFound, "not found");
        assertThat(wrongMethod.status()).isIn(404, 405);
        assertThat(wrongMethod.header("Content-Type")).startsWith("application/json");
    }

    private static RawHttp.Answer send(String head, String body) throws Exception {
        return RawHttp.send(Integer.parseInt(service.property("ordercast.http.port")), head + "Host: localhost\r\n", body);
    }

    private static void assertJsonError(RawHttp.Answer answer, String error) throws Exception {
        assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/json");
        assertThat(JSON.readTree(answer.body()).get("error").asText()).as(answer.toString()).contains(error);
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
