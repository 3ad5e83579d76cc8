package io.ordercast.dispatch;

import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ordercast.routes.ExchangeProperties;
import io.ordercast.support.FailedStart;
import io.ordercast.support.RunningService;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The retry keys as an operator writes them: ISO-8601 durations, a channel's own keys over the defaults
 * (the defaults being what error/notify-errors.camel.yaml's redeliveryPolicy reads). A delay in
 * milliseconds (what the README's table once said) stops the start with the key named.
 */
class RetrySettingsStartupIT {

    @Test
    void should_refuse_to_start_on_a_retry_delay_in_milliseconds_and_name_the_key() {
        assertThatThrownBy(() -> RunningService.start(Map.of("ordercast.notify.retry.initial-delay", "1000")).close())
                .hasStackTraceContaining("ordercast.notify.retry.initial-delay must be an ISO-8601 duration such as PT30S, was '1000'");
    }

    @Test
    void should_exit_1_with_one_line_naming_the_key_of_a_delay_in_milliseconds(@TempDir Path work) throws Exception {
        FailedStart start = FailedStart.run(work, "-Dordercast.notify.retry.initial-delay=1000");

        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.theOneErrorLine()).contains("ordercast did not start: "
                + "ordercast.notify.retry.initial-delay must be an ISO-8601 duration such as PT30S, was '1000'");
    }

    @Test
    void should_refuse_to_start_on_an_ingest_retry_delay_in_milliseconds_and_name_the_key() {
        // read by error/ingest-errors.camel.yaml through {{millis:...}}, where Camel would have taken 1000 as ms
        assertThatThrownBy(() -> RunningService.start(Map.of("ordercast.ingest.db-retry.maximum-delay", "30000")).close())
                .hasStackTraceContaining("ordercast.ingest.db-retry.maximum-delay must be an ISO-8601 duration such as PT30S, was '30000'");
    }

    @Test
    void should_retry_a_channel_by_its_own_keys_and_the_other_channels_by_the_defaults() {
        try (RunningService service = RunningService.start(Map.of(
                "ordercast.outbox.channels", "email,sms",
                "ordercast.sms.url", "http://127.0.0.1:9/sms",
                "ordercast.notify.retry.initial-delay", "PT2S",
                "ordercast.notify.retry.maximum-delay", "PT3S",
                "ordercast.notify.sms.retry.maximum", "5",
                "ordercast.notify.sms.retry.initial-delay", "PT0.1S",
                "ordercast.notify.sms.retry.multiplier", "3"))) {
            NotificationRetries retries = service.context().getRegistry()
                    .lookupByNameAndType("notificationRetries", NotificationRetries.class);

            // sms: its own maximum, initial delay and multiplier; the default maximum delay (PT3S) caps the last waits
            assertThat(waits(service, retries, "sms")).containsExactly(100L, 300L, 900L, 2700L, 3000L);
            // email: the defaults, 3 retries from PT2S doubling up to PT3S
            assertThat(waits(service, retries, "email")).containsExactly(2000L, 3000L, 3000L);
        }
    }

    private static List<Long> waits(RunningService service, NotificationRetries retries, String channel) {
        Exchange exchange = new DefaultExchange(service.context());
        exchange.setProperty(ExchangeProperties.CHANNEL, channel);
        exchange.setException(new SocketTimeoutException("Read timed out"));
        List<Long> waits = new ArrayList<>();
        while (true) {
            Instant before;
            Instant after;
            int tries = 0;
            do { // the same turn again (it depends on the retries spent only) when a busy machine made this call slow
                before = Instant.now();
                retries.matches(exchange);
                after = Instant.now();
            } while (Duration.between(before, after).toMillis() > 20 && ++tries < 5);
            Instant at = NotificationRetries.retryAt(exchange);
            if (at == null) {
                return waits;
            }
            // the wait from the moment of the failure, to the 100 ms the settings are written in
            waits.add(Math.round(Duration.between(before, at).toMillis() / 100.0) * 100);
            // the next turn carries the retries spent so far, as the row does
            exchange.setProperty(ExchangeProperties.RETRIES_SPENT,
                    exchange.getProperty(ExchangeProperties.RETRIES_SPENT, 0, Integer.class)
                            + NotificationRetries.retriesSpentNow(exchange));
        }
    }
}
