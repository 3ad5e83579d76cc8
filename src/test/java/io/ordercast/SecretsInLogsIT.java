package io.ordercast;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.ordercast.support.Events;
import io.ordercast.support.LogCapture;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No secret reaches a log line, at any level: not the start-up summary of the configuration, not a
 * provider call, not a failure. Secrets are given the ways an operator gives them: as settings of
 * their own and inside URLs.
 */
class SecretsInLogsIT {

    /** user:password@ in any URL, whatever the scheme, unless the password is masked (***). */
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("://[^/\\s:@]+:(?!\\*+@)[^/\\s@]+@");

    @Test
    void should_keep_every_secret_out_of_the_logs_at_debug_level() throws Exception {
        String smsKey = "sms-key-5c1e9a";
        String webhookKey = "hook-key-77d0b2";
        String dbPassword = "db-pass-4e8f1c";
        List<String> lines;
        try (Providers providers = new Providers(); LogCapture logs = LogCapture.begin(Level.DEBUG)) {
            providers.http.stubFor(post(urlPathEqualTo("/sms")).willReturn(aResponse().withStatus(200)));
            providers.http.stubFor(post(urlPathEqualTo("/webhook")).willReturn(aResponse().withStatus(204)));
            Map<String, String> properties = providers.serviceProperties();
            properties.put("ordercast.sms.url", properties.get("ordercast.sms.url") + "?apiKey=" + smsKey);
            properties.put("ordercast.webhook.url", properties.get("ordercast.webhook.url") + "?access_token=" + webhookKey);
            properties.put("ordercast.db.password", dbPassword);
            try (RunningService service = RunningService.start(properties)) {
                String orderId = Events.publishShippedOrder(service);
                await().atMost(Duration.ofSeconds(30)).until(() -> List.of("email", "sms", "webhook").stream()
                        .allMatch(channel -> service.notifications(orderId).stream().anyMatch(
                                n -> channel.equals(n.get("channel")) && "SENT".equals(n.get("status")))));
                service.get("/api/orders/" + orderId, RunningService.API_TOKEN);
                service.get("/api/orders/" + orderId, "not-the-token");
            }
            lines = logs.lines().stream().map(LogCapture.Line::text).toList();
        }

        assertThat(lines).as("the capture saw the service at work").anyMatch(l -> l.contains("SENT"));
        List<String> secrets = List.of(RunningService.API_TOKEN, Providers.SMS_TOKEN, Providers.WEBHOOK_SECRET,
                smsKey, webhookKey, dbPassword);
        List<String> leaks = lines.stream()
                .filter(l -> secrets.stream().anyMatch(l::contains) || PASSWORD_IN_URL.matcher(l).find())
                .map(l -> l.length() > 300 ? l.substring(0, 300) + "..." : l)
                .distinct().toList();
        assertThat(leaks).as("log lines quoting a secret").isEmpty();
    }
}
