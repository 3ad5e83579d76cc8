package io.ordercast;

import java.time.Duration;
import java.util.Map;

import io.ordercast.support.Events;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service stops while a notification waits for its next try: it is neither FAILED nor lost,
 * its message goes back to the broker with its claim released, and the next start sends it at once.
 */
class StopWhileRetryingIntegrationTest {

    @Test
    void should_send_a_notification_waiting_for_a_retry_right_after_the_restart() throws Exception {
        try (Providers providers = new Providers()) {
            providers.http.stubFor(post(urlEqualTo("/sms")).willReturn(aResponse().withStatus(503)));
            Map<String, String> properties = providers.serviceProperties();
            properties.put("ordercast.outbox.channels", "sms");
            properties.put("ordercast.notify.retry.initial-delay", "PT60S");
            try (RunningService service = RunningService.start(properties)) {
                String orderId = Events.publishShippedOrder(service);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> !providers.http.findAll(postRequestedFor(urlEqualTo("/sms"))).isEmpty());

                service.stopMain();
                assertThat(service.messagesIn("ordercast.notify.sms")).isPositive();
                providers.http.stubFor(post(urlEqualTo("/sms")).willReturn(aResponse().withStatus(200)));
                service.startMain();

                await().atMost(Duration.ofSeconds(4)).until(() -> service.notifications(orderId).stream()
                        .filter(n -> "sms".equals(n.get("channel"))).allMatch(n -> "SENT".equals(n.get("status"))));
            }
        }
    }
}
