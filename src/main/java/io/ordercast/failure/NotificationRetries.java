package io.ordercast.failure;

import java.time.Duration;
import java.util.function.Consumer;

import io.ordercast.db.DatabaseUnavailableException;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retryWhile of the channel routes' dead-letter channel (error/notify-errors.camel.yaml).
 * Classifies the failure once: permanent goes straight to the dead letter; transient is retried up
 * to the channel's policy, after the provider's Retry-After or the channel's back-off; an open
 * circuit waits without spending a retry. It sets the wait as Camel's per-message redelivery delay.
 * The numbers are the error handler's redeliveryPolicy (per channel: {@link ChannelRetryPolicies}), and
 * Camel's RedeliveryPolicy does the arithmetic; only the count is ours, because Camel's own redelivery
 * counter also counts the provider-down waits, which must not spend retries.
 */
public class NotificationRetries implements Predicate {

    public static final String CHANNEL_PROPERTY = "ordercastChannel";
    static final String RETRIES_PROPERTY = "ordercastRetries";
    static final String FAILURE_PROPERTY = "ordercastFailure";
    /** The last back-off wait, from which Camel's policy computes the next one (as Camel does for its own counter). */
    static final String BACK_OFF_PROPERTY = "ordercastBackOff";
    private static final Logger LOG = LoggerFactory.getLogger(NotificationRetries.class);

    private final ChannelRetryPolicies policies;
    private final Duration providerDownWait;
    private final Consumer<String> stillWorking;
    private final ProviderCircuits circuits;

    /**
     * @param stillWorking told the notification id before each wait, to keep its claim alive (a long outage outlasts the claim timeout)
     * @param circuits     opened for a provider whose credentials or set-up are wrong
     */
    public NotificationRetries(ChannelRetryPolicies policies, Duration providerDownWait, Consumer<String> stillWorking,
                               ProviderCircuits circuits) {
        this.policies = policies;
        this.providerDownWait = providerDownWait;
        this.stillWorking = stillWorking;
        this.circuits = circuits;
    }

    @Override
    public boolean matches(Exchange exchange) {
        Throwable cause = exchange.getException();
        if (cause == null) {
            cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        Failure failure = FailureClassifier.classify(cause);
        exchange.setProperty(FAILURE_PROPERTY, failure);
        String notificationId = exchange.getProperty("notificationId", String.class);
        if (failure.permanent()) {
            LOG.warn("notification {}: permanent failure, not retried: {}", notificationId, failure.reason());
            return false;
        }
        Duration wait;
        if (failure.kind() == Failure.Kind.MISCONFIGURED) {
            // our set-up, not the message: open the provider's circuit so that every message of it waits (none is
            // sent into the same refusal, no retry is spent, no device is forgotten) until the set-up is fixed
            ProviderRejectionException rejection = ObjectHelper.getException(ProviderRejectionException.class, cause);
            if (rejection != null) {
                circuits.misconfigured(rejection.provider(), failure.reason());
            }
            wait = providerDownWait;
        } else if (failure.kind() == Failure.Kind.PROVIDER_DOWN) {
            wait = providerDownWait;
        } else {
            RedeliveryPolicy policy = policies.of(exchange.getProperty(CHANNEL_PROPERTY, String.class));
            int retry = retries(exchange) + 1;
            if (!policy.shouldRedeliver(exchange, retry, null)) {
                return false;
            }
            exchange.setProperty(RETRIES_PROPERTY, retry);
            // the back-off advances on every retry, also one that waits for a Retry-After instead
            long backOff = policy.calculateRedeliveryDelay(exchange.getProperty(BACK_OFF_PROPERTY, 0L, Long.class), retry);
            exchange.setProperty(BACK_OFF_PROPERTY, backOff);
            wait = failure.retryAfter() != null ? failure.retryAfter() : Duration.ofMillis(backOff);
        }
        exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, wait.toMillis());
        if (notificationId != null) {
            try {
                stillWorking.accept(notificationId);
            } catch (RuntimeException databaseDown) {
                // best effort: if the database is what is down, the claim simply ages; failing here would
                // abandon a notification that may already have been handed to the provider
                LOG.debug("could not renew the claim of {}: {}", notificationId, databaseDown.getMessage());
            }
        }
        if (ObjectHelper.getException(DatabaseUnavailableException.class, cause) == null
                && failure.kind() != Failure.Kind.MISCONFIGURED) {
            LOG.warn("notification {}: {} failure, retry in {} ms: {}", notificationId, failure.kind(), wait.toMillis(),
                    failure.reason());
        } // else our database is down (OutageLog tells it once) or the provider is misconfigured (ProviderCircuits
          // tells it once): not once per waiting notification
        return true;
    }

    /** Retries spent on transient failures (provider-down waits do not count). */
    public static int retries(Exchange exchange) {
        Integer count = exchange.getProperty(RETRIES_PROPERTY, Integer.class);
        return count == null ? 0 : count;
    }

    /** The transport calls of this delivery: the first one plus the retries. */
    public static int tries(Exchange exchange) {
        return 1 + retries(exchange);
    }

    public static Failure failure(Exchange exchange) {
        return exchange.getProperty(FAILURE_PROPERTY, Failure.class);
    }
}
