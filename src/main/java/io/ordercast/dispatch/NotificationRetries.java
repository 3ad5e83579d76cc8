package io.ordercast.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.ordercast.channel.Failure;
import io.ordercast.channel.FailureClassifier;
import io.ordercast.channel.ProviderCircuits;
import io.ordercast.channel.ProviderRejectionException;
import io.ordercast.db.DatabaseUnavailableException;
import io.ordercast.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retryWhile of the channel routes' dead-letter channel (error/notify-errors.camel.yaml). A notification is
 * never retried in memory: this decides, once per failed turn, when its row is due again, and the dead-letter
 * route writes that due time ({@code notificationDelivery.later}) or, when nothing is left to wait for, records it
 * FAILED. Permanent failures fail at once. A transient one is retried up to the channel's policy, after the
 * provider's Retry-After or the channel's back-off; the count is the row's, so it survives restarts. A provider
 * that is down (its circuit open, unreachable, or our set-up for it wrong) is waited for without spending a retry,
 * up to {@code maxAge} after the notification was planned. The numbers are the error handler's redeliveryPolicy
 * (per channel: {@link ChannelRetryPolicies}); Camel's RedeliveryPolicy does the arithmetic.
 */
public class NotificationRetries implements Predicate {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationRetries.class);

    private final ChannelRetryPolicies policies;
    private final Duration providerDownWait;
    private final Duration maxAge;
    private final ProviderCircuits circuits;
    private final ChannelOutages outages;
    private final Clock clock;

    /**
     * @param providerDownWait how long a notification waits before looking again at a provider that is down
     * @param maxAge           how long after planning a notification may wait for its provider before it fails
     * @param circuits         opened for a provider whose credentials or set-up are wrong
     */
    public NotificationRetries(ChannelRetryPolicies policies, Duration providerDownWait, Duration maxAge,
                               ProviderCircuits circuits, ChannelOutages outages, Clock clock) {
        this.policies = policies;
        this.providerDownWait = providerDownWait;
        this.maxAge = maxAge;
        this.circuits = circuits;
        this.outages = outages;
        this.clock = clock;
    }

    /** Always false (no retry in memory); sets when the notification is due again, or leaves it to fail. */
    @Override
    public boolean matches(Exchange exchange) {
        Throwable cause = exchange.getException();
        if (cause == null) {
            cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        Failure failure = FailureClassifier.classify(cause);
        exchange.setProperty(ExchangeProperties.FAILURE, failure);
        exchange.removeProperty(ExchangeProperties.RETRY_AT);
        String notificationId = exchange.getProperty(ExchangeProperties.NOTIFICATION_ID, String.class);
        Instant now = clock.instant();
        if (failure.permanent()) {
            LOG.warn("notification {}: permanent failure, not retried: {}", notificationId, failure.reason());
            return false;
        }
        if (failure.kind() == Failure.Kind.MISCONFIGURED || failure.kind() == Failure.Kind.PROVIDER_DOWN) {
            if (failure.kind() == Failure.Kind.MISCONFIGURED) {
                // our set-up, not the message: open the provider's circuit so that every notification of it waits (none
                // is sent into the same refusal, no retry is spent, no device is forgotten) until the set-up is fixed
                ProviderRejectionException rejection = ObjectHelper.getException(ProviderRejectionException.class, cause);
                if (rejection != null) {
                    circuits.misconfigured(rejection.provider(), failure.reason());
                }
            }
            Instant plannedAt = exchange.getProperty(ExchangeProperties.PLANNED_AT, Instant.class);
            if (plannedAt != null && now.isAfter(plannedAt.plus(maxAge))) {
                exchange.setProperty(ExchangeProperties.FAILURE, new Failure(Failure.Kind.PERMANENT, "waited longer than"
                        + " ordercast.notify.max-age (" + maxAge + ") for its provider: " + failure.reason(), null));
                return false;
            }
            dueAgain(exchange, now.plus(providerDownWait), 0);
            if (ObjectHelper.getException(DatabaseUnavailableException.class, cause) == null
                    && failure.kind() == Failure.Kind.PROVIDER_DOWN) {
                outages.down(exchange.getProperty(ExchangeProperties.CHANNEL, String.class), failure.reason());
            } // else told once by OutageLog (our own database) or ProviderCircuits (our set-up refused)
            return false;
        }
        RedeliveryPolicy policy = policies.of(exchange.getProperty(ExchangeProperties.CHANNEL, String.class));
        int retry = exchange.getProperty(ExchangeProperties.RETRIES_SPENT, 0, Integer.class) + 1;
        if (!policy.shouldRedeliver(exchange, retry, null)) {
            return false;
        }
        Duration wait = failure.retryAfter() != null ? failure.retryAfter() : Duration.ofMillis(backOff(policy, retry));
        dueAgain(exchange, now.plus(wait), 1);
        LOG.warn("notification {}: {} failure, retry {} in {} ms: {}", notificationId, failure.kind(), retry, wait.toMillis(),
                failure.reason());
        return false;
    }

    /** The policy's wait before retry number {@code retry}, as Camel computes it from the retry before. */
    private static long backOff(RedeliveryPolicy policy, int retry) {
        long delay = 0;
        for (int i = 1; i <= retry; i++) {
            delay = policy.calculateRedeliveryDelay(delay, i);
        }
        return delay;
    }

    private static void dueAgain(Exchange exchange, Instant at, int retriesSpent) {
        exchange.setProperty(ExchangeProperties.RETRY_AT, at);
        exchange.setProperty(ExchangeProperties.RETRY_SPENT_NOW, retriesSpent);
    }

    /** When the failed notification is due again; null when it is not retried (it fails). */
    public static Instant retryAt(Exchange exchange) {
        return exchange.getProperty(ExchangeProperties.RETRY_AT, Instant.class);
    }

    /** Retries this turn's failure spent: 1 for a transient failure, 0 for a wait for the provider. */
    public static int retriesSpentNow(Exchange exchange) {
        return exchange.getProperty(ExchangeProperties.RETRY_SPENT_NOW, 0, Integer.class);
    }

    /** Transport calls of this turn: a turn calls its provider once (a retry is a later turn). */
    public static int tries(Exchange exchange) {
        return 1;
    }

    /** The retried turns and this one: how many times the notification has been tried by now. */
    public static int triesSoFar(Exchange exchange) {
        return exchange.getProperty(ExchangeProperties.RETRIES_SPENT, 0, Integer.class) + 1;
    }

    public static Failure failure(Exchange exchange) {
        return exchange.getProperty(ExchangeProperties.FAILURE, Failure.class);
    }
}
