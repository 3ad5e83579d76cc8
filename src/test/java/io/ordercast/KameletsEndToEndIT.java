package io.ordercast;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.support.Events;
import io.ordercast.support.PlainCamel;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An ESB and ordercast on one broker: the ESB (a plain Camel context with the two Kamelets only) publishes
 * events through ordercast-order-event-sink, the running service tracks them and delivers their
 * notifications (email to GreenMail, webhooks to WireMock), and the ESB's ordercast-notification-source
 * receives each final delivery result.
 */
class KameletsEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ESB_ROUTES = """
            - route:
                id: esb-orders
                from:
                  uri: direct:esb-orders
                  steps:
                    - to:
                        uri: kamelet:ordercast-order-event-sink
                        parameters:
                          connectionFactory: esbBroker
            - route:
                id: esb-notification-results
                from:
                  uri: kamelet:ordercast-notification-source
                  parameters:
                    connectionFactory: esbBroker
                    queue: test.esb.notification-results
                    durable: false
                    autoDelete: true
                  steps:
                    - process:
                        ref: observed
            """;

    private static Providers providers;
    private static RunningService service;
    private static PlainCamel esb;

    @BeforeAll
    static void start() {
        providers = new Providers();
        java.util.Map<String, String> properties = new java.util.HashMap<>(providers.serviceProperties());
        properties.put("ordercast.notify.results.enabled", "true"); // opt-in
        service = RunningService.start(properties);
        esb = PlainCamel.start(service.property("ordercast.rabbitmq.url"), ESB_ROUTES);
    }

    @AfterAll
    static void stop() {
        if (esb != null) {
            esb.close();
        }
        service.close();
        providers.close();
    }

    @Test
    void an_event_from_the_sink_is_tracked_and_the_source_receives_the_sent_result_of_its_email() {
        String orderId = Events.newOrderId();
        Events.Builder created = buyer(Events.event(orderId, "CREATED").sequence(1));

        esb.producer().sendBody("direct:esb-orders", created.json());

        await().atMost(Duration.ofSeconds(30)).until(() -> service.timeline(orderId).size() == 1);
        assertThat(service.timeline(orderId).get(0)).containsEntry("outcome", "APPLIED");
        JsonNode result = await().atMost(Duration.ofSeconds(30)).until(() -> result(orderId, "email"), Optional::isPresent).get();
        Map<String, Object> email = service.notifications(orderId).stream()
                .filter(n -> "email".equals(n.get("channel"))).findFirst().orElseThrow();
        assertThat(result.path("notificationId").asText()).isEqualTo(email.get("notificationId"));
        assertThat(result.path("status").asText()).isEqualTo("SENT");
        assertThat(result.path("channel").asText()).isEqualTo("email");
        assertThat(result.path("orderId").asText()).isEqualTo(orderId);
        assertThat(result.path("recipient").asText()).isEqualTo(email.get("recipient")).startsWith("buyer:");
        assertThat(result.path("template").asText()).isEqualTo(email.get("template"));
        assertThat(result.path("attempts").asInt()).isEqualTo(1);
        assertThat(result.has("reason")).isFalse();
        assertThat(result.path("at").asText()).isNotBlank();
        assertThat(providers.allMail()).isNotEmpty();
        assertNoAddress(result.toString());
    }

    @Test
    void the_source_receives_the_failed_result_with_its_reason_when_a_provider_refuses_for_good() {
        providers.http.stubFor(post(urlEqualTo("/webhook")).willReturn(aResponse().withStatus(400)));
        try {
            String orderId = Events.newOrderId();
            esb.producer().sendBody("direct:esb-orders", buyer(Events.event(orderId, "CREATED").sequence(1)).json());
            esb.producer().sendBody("direct:esb-orders", buyer(Events.event(orderId, "PAID").sequence(2)).json());

            JsonNode result = await().atMost(Duration.ofSeconds(30)).until(() -> result(orderId, "webhook"), Optional::isPresent).get();
            assertThat(result.path("status").asText()).isEqualTo("FAILED");
            assertThat(result.path("recipient").asText()).isEqualTo("carrier");
            assertThat(result.path("reason").asText()).startsWith("permanent: ");
            assertThat(result.path("attempts").asInt()).isEqualTo(1);
            assertNoAddress(result.toString());
        } finally {
            providers.http.stubFor(post(urlEqualTo("/webhook")).willReturn(aResponse().withStatus(204)));
        }
    }

    /** A buyer of this event's own: the frequency cap counts per recipient. */
    private static Events.Builder buyer(Events.Builder event) {
        ((ObjectNode) event.node().get("buyer")).put("id", "u-" + UUID.randomUUID());
        return event;
    }

    private static Optional<JsonNode> result(String orderId, String channel) {
        List<JsonNode> results = esb.observed.stream().map(e -> {
            try {
                return JSON.readTree(e.getMessage().getBody(String.class));
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }).toList();
        return results.stream().filter(r -> orderId.equals(r.path("orderId").asText())
                && channel.equals(r.path("channel").asText())).findFirst();
    }

    private static void assertNoAddress(String json) {
        assertThat(json).doesNotContain("@").doesNotContain("+86").doesNotContain("lilei");
    }
}
