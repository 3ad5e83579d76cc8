package io.ordercast.channel;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
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

/** A provider that is down: its circuit opens, and the notifications wait for it or go to the fallback provider. */
class ProviderCircuitIT {

    private static final Map<String, String> FAST_CIRCUIT = Map.of(
            "ordercast.circuit.minimum-calls", "3",
            "ordercast.circuit.sliding-window-size", "4",
            "ordercast.circuit.wait-in-open-state", "PT2S",
            "ordercast.notify.provider-down-wait", "PT0.5S",
            "ordercast.notify.retry.maximum", "2");

    @Test
    void should_fail_over_to_the_second_gateway_while_the_first_ones_circuit_is_open() {
        try (Providers providers = new Providers()) {
            providers.http.stubFor(post(urlEqualTo("/sms-down")).willReturn(aResponse().withStatus(503)));
            providers.http.stubFor(post(urlEqualTo("/sms-backup")).willReturn(aResponse().withStatus(200)));
            Map<String, String> properties = providers.serviceProperties();
            properties.putAll(FAST_CIRCUIT);
            properties.put("ordercast.sms.url", "http://127.0.0.1:" + providers.http.port() + "/sms-down");
            properties.put("ordercast.sms.fallback.url", "http://127.0.0.1:" + providers.http.port() + "/sms-backup");
            properties.put("ordercast.sms.fallback.token", "backup-token");
            try (RunningService service = RunningService.start(properties)) {
                List<String> orders = shippedOrders(service, 6);

                await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(orders)
                        .allSatisfy(o -> assertThat(sms(service, o).get("status")).isIn("SENT", "FAILED")));
                long sent = orders.stream().filter(o -> "SENT".equals(sms(service, o).get("status"))).count();
                assertThat(sent).as("sent through the backup gateway").isGreaterThanOrEqualTo(4);
                long primaryAnswered = providers.http.getAllServeEvents().stream()
                        .filter(e -> e.getRequest().getUrl().equals("/sms-down") && e.getResponse().getStatus() == 200).count();
                assertThat(primaryAnswered).isZero();
                assertThat(providers.http.findAll(postRequestedFor(urlEqualTo("/sms-backup")))).hasSize((int) sent)
                        .allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer backup-token"));
                ProviderCircuits circuits = service.context().getRegistry()
                        .lookupByNameAndType("providerCircuits", ProviderCircuits.class);
                assertThat(circuits.state("sms")).isIn("OPEN", "HALF_OPEN");
            }
        }
    }

    @Test
    void should_hold_notifications_while_the_circuit_is_open_without_spending_their_retries() {
        try (Providers providers = new Providers()) {
            providers.http.stubFor(post(urlEqualTo("/sms-outage")).willReturn(aResponse().withStatus(503)));
            Map<String, String> properties = providers.serviceProperties();
            properties.putAll(FAST_CIRCUIT);
            properties.put("ordercast.sms.url", "http://127.0.0.1:" + providers.http.port() + "/sms-outage");
            try (RunningService service = RunningService.start(properties)) {
                List<String> orders = shippedOrders(service, 4);
                ProviderCircuits circuits = service.context().getRegistry()
                        .lookupByNameAndType("providerCircuits", ProviderCircuits.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> !"CLOSED".equals(circuits.state("sms")));
                int callsWhenOpened = providers.http.findAll(postRequestedFor(urlEqualTo("/sms-outage"))).size();

                // the gateway comes back; the waiting notifications go out
                providers.http.stubFor(post(urlEqualTo("/sms-outage")).willReturn(aResponse().withStatus(200)));
                await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(orders)
                        .allSatisfy(o -> assertThat(sms(service, o).get("status")).isIn("SENT", "FAILED")));
                long sent = orders.stream().filter(o -> "SENT".equals(sms(service, o).get("status"))).count();
                // only those that met the first failures can have spent their two retries before the circuit opened
                assertThat(sent).isGreaterThanOrEqualTo(orders.size() - callsWhenOpened / 3);
                assertThat(sent).isGreaterThanOrEqualTo(2);
                // every SENT is a call the gateway answered 200: nothing was skipped by the open circuit
                long answered = providers.http.getAllServeEvents().stream()
                        .filter(e -> e.getRequest().getUrl().equals("/sms-outage") && e.getResponse().getStatus() == 200).count();
                assertThat(answered).isEqualTo(sent);
            }
        }
    }

    @Test
    void should_fail_over_to_the_second_smtp_relay_with_its_own_credentials() throws Exception {
        try (FallbackRelay relay = new FallbackRelay("relay-pass");
             RunningService service = RunningService.start(relay.properties)) {
            List<String> orders = shippedOrders(service, 6);
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(orders)
                    .allSatisfy(o -> assertThat(buyerMail(service, o).get("status")).isIn("SENT", "FAILED")));
            // the first mails met the primary's refusals before its circuit opened: the later ones went through the fallback
            assertThat(orders.subList(3, orders.size())).allSatisfy(o -> assertThat(buyerMail(service, o).get("status")).isEqualTo("SENT"));
            assertThat(relay.smtp.getReceivedMessages()).isNotEmpty();
        }
    }

    @Test
    void should_give_the_fallback_relay_its_credentials_and_not_mail_without_them() throws Exception {
        // the relay refuses a wrong password: the credentials really reach the fallback relay (before, it was
        // given none, and these mails went out); its circuit opens, and the mail waits rather than failing
        try (FallbackRelay relay = new FallbackRelay("not-the-password");
             RunningService service = RunningService.start(relay.properties)) {
            List<String> orders = shippedOrders(service, 6);
            ProviderCircuits circuits = service.context().getRegistry()
                    .lookupByNameAndType("providerCircuits", ProviderCircuits.class);
            await().atMost(Duration.ofSeconds(40)).until(() -> !"CLOSED".equals(circuits.state("smtp-fallback")));
            assertThat(relay.smtp.getReceivedMessages()).isEmpty();
            assertThat(orders).allSatisfy(o -> assertThat(buyerMail(service, o).get("status")).isNotEqualTo("SENT"));
        }
    }

    /** A primary relay that refuses connections and a fallback relay that knows relay-user / relay-pass. */
    private static final class FallbackRelay implements AutoCloseable {
        final GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("relay-user", "relay-pass"));
        final Providers providers = new Providers();
        final Map<String, String> properties = providers.serviceProperties();

        FallbackRelay(String password) throws Exception {
            smtp.start();
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            properties.putAll(FAST_CIRCUIT);
            properties.put("ordercast.outbox.channels", "email");
            properties.put("ordercast.smtp.port", String.valueOf(closedPort));
            properties.put("ordercast.smtp.fallback.host", "127.0.0.1");
            properties.put("ordercast.smtp.fallback.port", String.valueOf(smtp.getSmtp().getPort()));
            properties.put("ordercast.smtp.fallback.username", "relay-user");
            properties.put("ordercast.smtp.fallback.password", password);
            properties.put("ordercast.smtp.allow-plaintext-auth", "true");
        }

        @Override
        public void close() {
            smtp.stop();
            providers.close();
        }
    }

    private static Map<String, Object> buyerMail(RunningService service, String orderId) {
        return service.notifications(orderId).stream()
                .filter(n -> "email".equals(n.get("channel")) && String.valueOf(n.get("recipient")).startsWith("buyer"))
                .reduce((first, last) -> last).orElse(Map.of("status", "none"));
    }

    private static List<String> shippedOrders(RunningService service, int count) {
        List<String> orders = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            orders.add(Events.publishShippedOrder(service));
        }
        return orders;
    }

    private static Map<String, Object> sms(RunningService service, String orderId) {
        return service.notifications(orderId).stream().filter(n -> "sms".equals(n.get("channel"))).findFirst()
                .orElse(Map.of("status", "none"));
    }
}
