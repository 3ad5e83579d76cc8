package io.ordercast.observe;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.support.Events;
import io.ordercast.support.InMemorySpans;
import io.ordercast.support.LogCapture;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With tracing on, an event published with a W3C traceparent goes on in the publisher's trace: its planning (the
 * router), each channel dispatch of its notifications and each provider call are spans of that trace, the providers
 * are handed a traceparent of it, and the log lines about the event carry its trace id. The ingest's span is the
 * batch's, a trace of its own, since a batch holds the events of many traces. The SDK is the service's
 * own (OTEL_* settings, here as system properties), with an exporter that keeps the spans in memory.
 */
class TracingIT {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PUBLISHER_SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PUBLISHER_SPAN + "-01";
    private static final String WEBHOOK_KEY = "hook-key-3f9a2c";

    @Test
    void should_continue_the_publishers_trace_through_tracking_planning_and_every_channel_send() throws Exception {
        InMemorySpans.forget();
        System.setProperty("otel.traces.exporter", InMemorySpans.NAME);
        System.setProperty("otel.bsp.schedule.delay", "100");
        List<LoggedRequest> webhooks;
        List<LogCapture.Line> lines;
        String orderId = Events.newOrderId();
        try (Providers providers = new Providers(); LogCapture logs = LogCapture.begin()) {
            providers.http.stubFor(post(urlPathEqualTo("/webhook")).willReturn(aResponse().withStatus(204)));
            Map<String, String> properties = providers.serviceProperties();
            properties.put("camel.opentelemetry2.enabled", "true");
            properties.put("ordercast.webhook.url", properties.get("ordercast.webhook.url") + "?access_token=" + WEBHOOK_KEY);
            try (RunningService service = RunningService.start(properties)) {
                // CREATED without a traceparent: a trace of its own
                service.publish(event(orderId, "CREATED", 1));
                await().atMost(Duration.ofSeconds(30)).until(() -> sent(service, orderId) == 1);
                service.publishRaw(event(orderId, "PAID", 2).json().getBytes(StandardCharsets.UTF_8), "order.paid",
                        OrdercastTopology.EVENTS_EXCHANGE, Map.of("traceparent", TRACEPARENT));
                // PAID: the buyer's and the seller's mail, the carrier's webhook
                await().atMost(Duration.ofSeconds(30)).until(() -> sent(service, orderId) == 4);
                assertThat(providers.allMail()).hasSize(3);
                webhooks = providers.http.findAll(postRequestedFor(urlPathEqualTo("/webhook")));
            }
            lines = logs.lines();
        } finally {
            System.clearProperty("otel.traces.exporter");
            System.clearProperty("otel.bsp.schedule.delay");
        }
        // the service's stop closed its SDK, which exported every span it had
        List<SpanData> spans = InMemorySpans.finished();
        List<SpanData> trace = spans.stream().filter(s -> TRACE_ID.equals(s.getTraceId())).toList();

        assertThat(webhooks).hasSize(1);
        assertThat(webhooks.get(0).getHeader("traceparent")).as("the webhook request's traceparent")
                .matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01").doesNotContain(PUBLISHER_SPAN);

        // the ingest works on batches: a batch's span is a trace of its own, each of its events goes on in its own
        assertThat(spans.stream().filter(named("rabbitmq-batch")).filter(received())).as("the batches' spans").isNotEmpty()
                .allSatisfy(batch -> assertThat(batch.getParentSpanContext().isValid()).isFalse());
        assertThat(trace).as("planning").anyMatch(named("order-router")).anyMatch(named("plan"));
        assertThat(trace.stream().filter(named("order-router")).filter(s -> !s.getParentSpanContext().isRemote()
                || PUBLISHER_SPAN.equals(s.getParentSpanId()))).as("the router's run, under the publisher's span").isNotEmpty();
        assertThat(trace.stream().filter(named("outbox")).filter(received()))
                .as("the channel dispatches of the two mails and the webhook, each under the publisher's span").hasSize(3)
                .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(PUBLISHER_SPAN));
        assertThat(trace.stream().filter(s -> "smtp".equals(s.getAttributes().get(AttributeKey.stringKey("url.scheme")))))
                .as("the SMTP sends").hasSize(2);
        assertThat(trace.stream().filter(named("POST")).filter(s -> "http".equals(
                s.getAttributes().get(AttributeKey.stringKey("url.scheme"))))).as("the webhook call").hasSize(1);
        assertThat(spans.stream().filter(named("outbox")).filter(received())
                .filter(s -> !TRACE_ID.equals(s.getTraceId()))).as("CREATED's one mail, in a trace of its own")
                .hasSize(1);

        assertThat(spans).as("span attributes quoting the webhook URL's key")
                .noneMatch(s -> s.getAttributes().asMap().values().stream().anyMatch(v -> String.valueOf(v).contains(WEBHOOK_KEY)));

        assertThat(lines).as("the tracking line about PAID carries its trace id")
                .anyMatch(l -> l.message().contains("order " + orderId + " event") && l.message().contains("APPLIED")
                        && TRACE_ID.equals(l.mdc().get(LogContext.TRACE_ID)));
        assertThat(lines).as("the channel lines of PAID's notifications carry its trace id")
                .filteredOn(l -> l.message().contains("SENT") && TRACE_ID.equals(l.mdc().get(LogContext.TRACE_ID)))
                .hasSize(3).allMatch(l -> l.mdc().containsKey(LogContext.NOTIFICATION_ID));
    }

    @Test
    void should_continue_the_events_trace_in_a_notification_dispatched_when_it_is_due() throws Exception {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        InMemorySpans.forget();
        System.setProperty("otel.traces.exporter", InMemorySpans.NAME);
        System.setProperty("otel.bsp.schedule.delay", "100");
        String orderId = Events.newOrderId();
        List<Map<String, Object>> notifications;
        try (Providers providers = new Providers()) {
            Map<String, String> properties = providers.serviceProperties();
            properties.put("camel.opentelemetry2.enabled", "true");
            // the review reminder is planned with COMPLETED and dispatched once it is due
            properties.put("ordercast.review.delay", "PT1S");
            try (RunningService service = RunningService.start(properties)) {
                List<String> states = List.of("CREATED", "PAID", "SHIPPED", "COMPLETED");
                for (int i = 0; i < states.size(); i++) {
                    Events.Builder e = event(orderId, states.get(i), i + 1);
                    e.node().putObject("shipment").put("carrier", "SF Express").put("trackingNumber", "SF1");
                    service.publishRaw(e.json().getBytes(StandardCharsets.UTF_8), "order." + states.get(i).toLowerCase(java.util.Locale.ROOT),
                            OrdercastTopology.EVENTS_EXCHANGE, Map.of("traceparent", "00-" + traceId + "-" + PUBLISHER_SPAN + "-01"));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> service.notifications(orderId).stream()
                        .anyMatch(n -> "review-reminder".equals(n.get("template")) && "SENT".equals(n.get("status"))));
                await().atMost(Duration.ofSeconds(10)).until(() -> service.notifications(orderId).stream()
                        .noneMatch(n -> "PENDING".equals(n.get("status"))));
                notifications = service.notifications(orderId);
            }
        } finally {
            System.clearProperty("otel.traces.exporter");
            System.clearProperty("otel.bsp.schedule.delay");
        }
        long sent = notifications.stream().filter(n -> "SENT".equals(n.get("status"))).count();
        List<SpanData> consumed = InMemorySpans.finished().stream().filter(named("outbox")).filter(received()).toList();
        assertThat(consumed).as("a channel dispatch's span for each notification sent, the reminder's among them")
                .hasSize((int) sent).allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(traceId));
    }

    private static Predicate<SpanData> named(String name) {
        return s -> name.equals(s.getName());
    }

    private static Predicate<SpanData> received() {
        return s -> "EVENT_RECEIVED".equals(s.getAttributes().get(AttributeKey.stringKey("op")));
    }

    private static SpanData only(List<SpanData> spans, Predicate<SpanData> which) {
        List<SpanData> found = spans.stream().filter(which).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static long sent(RunningService service, String orderId) {
        return service.notifications(orderId).stream().filter(n -> "SENT".equals(n.get("status"))).count();
    }

    private static Events.Builder event(String orderId, String state, long sequence) {
        Events.Builder event = Events.event(orderId, state).sequence(sequence);
        ((ObjectNode) event.node().get("buyer")).put("id", "u-" + orderId);
        return event;
    }
}
