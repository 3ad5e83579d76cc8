package io.ordercast.dispatch;

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
 * The service stops while a notification waits for its next try: the wait is the row's due time, not a message
 * held in memory, so the notification is neither FAILED nor lost, and the next start sends it when it is due.
 */
class StopWhileRetryingIT {

    @Test
    void should_send_a_notification_waiting_for_a_retry_after_the_restart_when_it_is_due() throws Exception {
        try (Providers providers = new Providers()) {
            providers.http.stubFor(post(urlEqualTo("/sms")).willReturn(aResponse().withStatus(503)));
            Map<String, String> properties = providers.serviceProperties();
            properties.put("ordercast.outbox.channels", "sms");
            properties.put("ordercast.notify.retry.initial-delay", "PT3S");
            try (RunningService service = RunningService.start(properties)) {
                String orderId = Events.publishShippedOrder(service);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> !providers.http.findAll(postRequestedFor(urlEqualTo("/sms"))).isEmpty());

                await().atMost(Duration.ofSeconds(5)).until(() -> smsOf(service, orderId).get("attempts").equals(1));

                assertThat(smsOf(service, orderId)).containsEntry("status", "PENDING")
                        .hasEntrySatisfying("reason", reason -> assertThat((String) reason).contains("HTTP 503"));
                service.stopMain();
                providers.http.stubFor(post(urlEqualTo("/sms")).willReturn(aResponse().withStatus(200)));
                service.startMain();

                await().atMost(Duration.ofSeconds(15)).until(() -> "SENT".equals(smsOf(service, orderId).get("status")));
                assertThat(smsOf(service, orderId)).containsEntry("attempts", 2);
                assertThat(providers.http.findAll(postRequestedFor(urlEqualTo("/sms")))).hasSize(2);
            }
        }
    }

    private static Map<String, Object> smsOf(RunningService service, String orderId) {
        return service.notifications(orderId).stream().filter(n -> "sms".equals(n.get("channel"))).findFirst().orElseThrow();
    }
}
