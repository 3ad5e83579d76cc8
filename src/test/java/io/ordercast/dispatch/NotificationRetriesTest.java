package io.ordercast.dispatch;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.ordercast.channel.Failure;
import io.ordercast.channel.ProviderCircuits;
import io.ordercast.channel.ProviderRejectionException;
import io.ordercast.routes.ExchangeProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry policy of the channel routes, one failed turn at a time (a retry is a later turn, when the row is due
 * again): exponential back-off from the initial delay, capped at the maximum delay, at most the maximum number of
 * retries counted from the row; a channel's own policy over the defaults; the provider's Retry-After over the
 * back-off; permanent failures; a provider that is down (circuit open, unreachable, our set-up refused) waited for
 * without spending retries, up to the maximum age. The policies are Camel's RedeliveryPolicy, as
 * the bean notifyRetryPolicy builds them from ordercast.notify.retry.* (ChannelRetryPoliciesTest).
 */
class NotificationRetriesTest {

    /** application.properties: ordercast.notify.retry.* = 3, PT1S, 2, PT5M */
    private static final RedeliveryPolicy DEFAULTS = policy(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5));

    private final CamelContext camel = new DefaultCamelContext();
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private final ProviderCircuits circuits = new ProviderCircuits(
            new ProviderCircuits.CircuitBreakerSettings(50, 10, 5, Duration.ofSeconds(30)), java.util.Set.of());

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void should_double_the_wait_from_the_initial_delay() {
        assertThat(delayBeforeRetry(DEFAULTS, 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(delayBeforeRetry(DEFAULTS, 2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(delayBeforeRetry(DEFAULTS, 3)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void should_never_wait_longer_than_the_maximum_delay() {
        RedeliveryPolicy policy = policy(10, Duration.ofSeconds(10), 3.0, Duration.ofMinutes(1));
        assertThat(delayBeforeRetry(policy, 2)).isEqualTo(Duration.ofSeconds(30));
        assertThat(delayBeforeRetry(policy, 3)).isEqualTo(Duration.ofMinutes(1));
        assertThat(delayBeforeRetry(policy, 10)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void should_retry_a_transient_failure_the_maximum_number_of_times_with_growing_waits_then_give_up() {
        NotificationRetries retries = retries(Map.of());
        Exchange exchange = failedSend("email", new SocketTimeoutException("Read timed out"));

        List<Long> waits = turnsUntilFailed(retries, exchange);

        assertThat(waits).containsExactly(1000L, 2000L, 4000L);
        assertThat(exchange.getProperty(ExchangeProperties.RETRIES_SPENT, Integer.class)).isEqualTo(3);
        assertThat(NotificationRetries.failure(exchange).kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(NotificationRetries.retryAt(exchange)).isNull();
    }

    @Test
    void should_never_retry_in_memory() {
        NotificationRetries retries = retries(Map.of());
        Exchange exchange = failedSend("email", new SocketTimeoutException("Read timed out"));

        assertThat(retries.matches(exchange)).isFalse();
        assertThat(NotificationRetries.retryAt(exchange)).isEqualTo(NOW.plusSeconds(1));
        assertThat(NotificationRetries.retriesSpentNow(exchange)).isEqualTo(1);
    }

    @Test
    void should_wait_for_an_unreachable_provider_without_spending_retries() {
        NotificationRetries retries = retries(Map.of());
        Exchange exchange = failedSend("email", new ConnectException("Connection refused"));

        for (int look = 0; look < 10; look++) {
            assertThat(retries.matches(exchange)).isFalse();
            assertThat(NotificationRetries.retryAt(exchange)).isEqualTo(NOW.plusSeconds(30));
            assertThat(NotificationRetries.retriesSpentNow(exchange)).isZero();
        }
        assertThat(NotificationRetries.failure(exchange).kind()).isEqualTo(Failure.Kind.PROVIDER_DOWN);
    }

    @Test
    void should_fail_a_notification_that_waited_for_its_provider_longer_than_the_maximum_age() {
        NotificationRetries retries = retries(Map.of());
        Exchange exchange = failedSend("email", new ConnectException("Connection refused"));
        exchange.setProperty(ExchangeProperties.PLANNED_AT, NOW.minus(Duration.ofDays(1)).minusSeconds(1));

        assertThat(retries.matches(exchange)).isFalse();

        assertThat(NotificationRetries.retryAt(exchange)).isNull();
        assertThat(NotificationRetries.failure(exchange).permanent()).isTrue();
        assertThat(NotificationRetries.failure(exchange).reason())
                .startsWith("waited longer than ordercast.notify.max-age (PT24H) for its provider: provider unreachable");
    }

    @Test
    void should_open_the_providers_circuit_and_wait_without_spending_a_retry_when_our_credentials_are_refused() {
        NotificationRetries retries = retries(Map.of());
        Exchange exchange = failedSend("push", new ProviderRejectionException("apns",
                ProviderRejectionException.Verdict.MISCONFIGURED, "APNs 403 InvalidProviderToken"));

        for (int wait = 0; wait < 5; wait++) {
            assertThat(retries.matches(exchange)).isFalse();
            assertThat(NotificationRetries.retryAt(exchange)).isEqualTo(NOW.plusSeconds(30));
            assertThat(NotificationRetries.retriesSpentNow(exchange)).isZero();
        }

        assertThat(NotificationRetries.failure(exchange).kind()).isEqualTo(Failure.Kind.MISCONFIGURED);
        assertThat(circuits.state("apns")).isEqualTo("OPEN");
        assertThat(circuits.misconfigured()).containsOnlyKeys("apns");
        assertThat(circuits.misconfigured().get("apns")).contains("InvalidProviderToken");
    }

    @Test
    void should_not_retry_a_push_to_a_device_its_provider_says_is_gone() {
        NotificationRetries retries = retries(Map.of());
        Exchange exchange = failedSend("push", new ProviderRejectionException("fcm",
                ProviderRejectionException.Verdict.DEVICE_GONE, "FCM 404 UNREGISTERED"));

        assertThat(retries.matches(exchange)).isFalse();
        assertThat(NotificationRetries.retryAt(exchange)).isNull();
        assertThat(NotificationRetries.failure(exchange).kind()).isEqualTo(Failure.Kind.PERMANENT);
        assertThat(circuits.misconfigured()).isEmpty();
    }

    @Test
    void should_use_the_channels_own_policy_over_the_defaults() {
        ChannelRetryPolicies.Overrides sms = new ChannelRetryPolicies.Overrides(5, Duration.ofMillis(500), 3.0, Duration.ofSeconds(5));
        NotificationRetries retries = retries(Map.of("sms", sms));

        List<Long> smsWaits = turnsUntilFailed(retries, failedSend("sms", httpFailure(503, Map.of())));
        List<Long> emailWaits = turnsUntilFailed(retries, failedSend("email", new SocketTimeoutException("Read timed out")));

        assertThat(smsWaits).containsExactly(500L, 1500L, 4500L, 5000L, 5000L);
        assertThat(emailWaits).hasSize(3);
    }

    @Test
    void should_wait_as_long_as_the_providers_retry_after_says_instead_of_the_back_off() {
        NotificationRetries retries = retries(Map.of());
        Exchange exchange = failedSend("sms", httpFailure(429, Map.of("Retry-After", "17")));

        assertThat(retries.matches(exchange)).isFalse();
        assertThat(NotificationRetries.retryAt(exchange)).isEqualTo(NOW.plusSeconds(17));
        assertThat(NotificationRetries.retriesSpentNow(exchange)).isEqualTo(1);
    }

    @Test
    void should_not_retry_a_permanent_failure() {
        NotificationRetries retries = retries(Map.of());
        Exchange exchange = failedSend("webhook", httpFailure(404, Map.of()));

        assertThat(retries.matches(exchange)).isFalse();
        assertThat(NotificationRetries.retryAt(exchange)).isNull();
        assertThat(NotificationRetries.failure(exchange).kind()).isEqualTo(Failure.Kind.PERMANENT);
    }

    @Test
    void should_wait_out_an_open_circuit_without_spending_retries() {
        NotificationRetries retries = retries(Map.of());
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("smtp");
        breaker.transitionToOpenState();
        Exchange exchange = failedSend("email", CallNotPermittedException.createCallNotPermittedException(breaker));

        for (int look = 0; look < 10; look++) {
            assertThat(retries.matches(exchange)).isFalse();
            assertThat(NotificationRetries.retryAt(exchange)).isEqualTo(NOW.plusSeconds(30));
            assertThat(NotificationRetries.retriesSpentNow(exchange)).isZero();
        }
    }

    @Test
    void should_go_on_with_the_back_off_after_a_retry_that_waited_for_retry_after() {
        NotificationRetries retries = retries(Map.of());
        Exchange exchange = failedSend("sms", httpFailure(429, Map.of("Retry-After", "17")));
        assertThat(retries.matches(exchange)).isFalse();
        nextTurn(exchange);

        exchange.setException(httpFailure(503, Map.of()));
        assertThat(retries.matches(exchange)).isFalse();

        // the second retry waits the back-off's second wait, as if the first had not waited for Retry-After
        assertThat(NotificationRetries.retryAt(exchange)).isEqualTo(NOW.plusSeconds(2));
    }

    /** Fails the exchange's notification turn after turn until it is not retried; the waits before each retry. */
    private static List<Long> turnsUntilFailed(NotificationRetries retries, Exchange exchange) {
        List<Long> waits = new ArrayList<>();
        while (true) {
            assertThat(retries.matches(exchange)).isFalse();
            Instant at = NotificationRetries.retryAt(exchange);
            if (at == null) {
                return waits;
            }
            waits.add(Duration.between(NOW, at).toMillis());
            nextTurn(exchange);
        }
    }

    /** What the dispatcher's next claim of the row carries: the retries spent so far. */
    private static void nextTurn(Exchange exchange) {
        exchange.setProperty(ExchangeProperties.RETRIES_SPENT,
                exchange.getProperty(ExchangeProperties.RETRIES_SPENT, 0, Integer.class)
                        + NotificationRetries.retriesSpentNow(exchange));
    }

    private NotificationRetries retries(Map<String, ChannelRetryPolicies.Overrides> channelPolicies) {
        return retries(DEFAULTS, channelPolicies);
    }

    private NotificationRetries retries(RedeliveryPolicy shared, Map<String, ChannelRetryPolicies.Overrides> channelPolicies) {
        return new NotificationRetries(new ChannelRetryPolicies(shared, channelPolicies), Duration.ofSeconds(30),
                Duration.ofDays(1), circuits, new ChannelOutages(Duration.ofSeconds(30), Duration.ofDays(1)),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** The wait before the given retry of a transient failure, under the given shared policy. */
    private Duration delayBeforeRetry(RedeliveryPolicy shared, int retry) {
        NotificationRetries retries = retries(shared, Map.of());
        Exchange exchange = failedSend("email", new SocketTimeoutException("Read timed out"));
        for (int i = 1; i < retry; i++) {
            assertThat(retries.matches(exchange)).isFalse();
            nextTurn(exchange);
        }
        assertThat(retries.matches(exchange)).isFalse();
        return Duration.between(NOW, NotificationRetries.retryAt(exchange));
    }

    /** What the redeliveryPolicy of error/notify-errors.camel.yaml builds from ordercast.notify.retry.*. */
    private static RedeliveryPolicy policy(int maximum, Duration initialDelay, double multiplier, Duration maximumDelay) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(maximum);
        policy.setRedeliveryDelay(initialDelay.toMillis());
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(multiplier);
        policy.setMaximumRedeliveryDelay(maximumDelay.toMillis());
        return policy;
    }

    private Exchange failedSend(String channel, Exception failure) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(ExchangeProperties.CHANNEL, channel);
        exchange.setProperty(ExchangeProperties.NOTIFICATION_ID, "n-1");
        exchange.setProperty(ExchangeProperties.PLANNED_AT, NOW.minusSeconds(60));
        exchange.setException(failure);
        return exchange;
    }

    private static HttpOperationFailedException httpFailure(int status, Map<String, String> headers) {
        return new HttpOperationFailedException("http://sms.example/send", status, "status " + status, null, headers, "");
    }
}
