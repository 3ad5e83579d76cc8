package io.ordercast.dispatch;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/**
 * The policy each channel retries by: the shared policy (ordercast.notify.retry.*, the bean notifyRetryPolicy that
 * error/notify-errors.camel.yaml names as its redeliveryPolicyRef), with a channel's own
 * ordercast.notify.&lt;channel&gt;.retry.* keys over it. Camel's RedeliveryPolicy, so Camel's own
 * arithmetic decides how many retries and how long each wait is.
 */
public final class ChannelRetryPolicies {

    /** A channel's own retry keys; null where the channel keeps the shared number. */
    public record Overrides(Integer maximum, Duration initialDelay, Double multiplier, Duration maximumDelay) {

        static final Overrides NONE = new Overrides(null, null, null, null);

        RedeliveryPolicy over(RedeliveryPolicy shared) {
            RedeliveryPolicy policy = shared.copy();
            if (maximum != null) {
                policy.setMaximumRedeliveries(maximum);
            }
            if (initialDelay != null) {
                policy.setRedeliveryDelay(initialDelay.toMillis());
            }
            if (multiplier != null) {
                policy.setBackOffMultiplier(multiplier);
            }
            if (maximumDelay != null) {
                policy.setMaximumRedeliveryDelay(maximumDelay.toMillis());
            }
            return policy;
        }
    }

    private final RedeliveryPolicy shared;
    private final Map<String, Overrides> overrides;
    private final Map<String, RedeliveryPolicy> policies = new ConcurrentHashMap<>();

    public ChannelRetryPolicies(RedeliveryPolicy shared, Map<String, Overrides> overrides) {
        this.shared = shared;
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * The policy every channel shares: exponential back-off from {@code initialDelay}, growing by {@code multiplier}
     * up to {@code maximumDelay}, at most {@code maximum} retries. Camel's own retry logging stays off: a provider's
     * error can quote an address (NotificationRetries logs it masked).
     */
    public static RedeliveryPolicy shared(int maximum, Duration initialDelay, double multiplier, Duration maximumDelay) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(maximum);
        policy.setRedeliveryDelay(initialDelay.toMillis());
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(multiplier);
        policy.setMaximumRedeliveryDelay(maximumDelay.toMillis());
        policy.setLogRetryAttempted(false);
        policy.setLogExhausted(false);
        policy.setLogHandled(false);
        policy.setAllowRedeliveryWhileStopping(false);
        return policy;
    }

    public RedeliveryPolicy of(String channel) {
        return policies.computeIfAbsent(channel == null ? "" : channel,
                c -> overrides.getOrDefault(c, Overrides.NONE).over(shared));
    }
}
