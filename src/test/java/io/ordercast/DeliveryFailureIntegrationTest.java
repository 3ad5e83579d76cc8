package io.ordercast;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.support.Events;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A provider that keeps failing: the send is retried, then the notification is FAILED with the reason and the queue moves on. */
class DeliveryFailureIntegrationTest {

    private static Providers providers;
    private static RunningService service;

    @BeforeAll
    static void start() {
        providers = new Providers();
        providers.http.stubFor(post(urlEqualTo("/sms-down")).willReturn(aResponse().withStatus(503)));
        Map<String, String> properties = providers.serviceProperties();
        properties.put("ordercast.sms.url", "http://127.0.0.1:" + providers.http.port() + "/sms-down");
        service = RunningService.start(properties);
    }

    @AfterAll
    static void stop() {
        service.close();
        providers.close();
    }

    @Test
    void should_retry_a_failing_send_then_mark_it_failed_with_the_reason() {
        String orderId = Events.newOrderId();
        for (String state : new String[] {"CREATED", "PAID", "SHIPPED"}) {
            Events.Builder e = event(orderId, state);
            ObjectNode shipment = e.node().putObject("shipment");
            shipment.put("carrier", "SF Express");
            shipment.put("trackingNumber", "SF1");
            service.publish(e.sequence(java.util.List.of("CREATED", "PAID", "SHIPPED").indexOf(state) + 1));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(service.notifications(orderId))
                .filteredOn(n -> "sms".equals(n.get("channel"))).singleElement().satisfies(n -> {
                    assertThat(n).containsEntry("status", "FAILED").containsEntry("attempts", 4);
                    assertThat((String) n.get("reason")).contains("503");
                }));
        assertThat(providers.http.findAll(postRequestedFor(urlEqualTo("/sms-down")))).hasSize(4);
        // the queue moved on: the emails of the same order went out
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(service.notifications(orderId))
                .filteredOn(n -> "email".equals(n.get("channel")))
                .allSatisfy(n -> assertThat(n.get("status")).isEqualTo("SENT")));
        assertThat(service.messagesIn("ordercast.notify.sms")).isZero();
    }
}
