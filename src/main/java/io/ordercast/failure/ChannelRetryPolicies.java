package io.ordercast.failure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/**
 * The policy each channel retries by: the redeliveryPolicy of the channel routes' error handler
 * (error/notify-errors.camel.yaml, from ordercast.notify.retry.*), with a channel's own
 * ordercast.notify.&lt;channel&gt;.retry.* keys over it. Camel's RedeliveryPolicy, so Camel's own
 * arithmetic decides how many retries and how long each wait is.
 */
public final class ChannelRetryPolicies {

    /** The route configuration whose redeliveryPolicy holds the channels' shared numbers. */
    public static final String ROUTE_CONFIGURATION = "notify-errors";

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

    private final Supplier<RedeliveryPolicy> shared;
    private final Map<String, Overrides> overrides;
    private final Map<String, RedeliveryPolicy> policies = new ConcurrentHashMap<>();
    private volatile RedeliveryPolicy sharedPolicy;

    /** @param shared read when first needed: the beans are made before Camel loads the route files */
    public ChannelRetryPolicies(Supplier<RedeliveryPolicy> shared, Map<String, Overrides> overrides) {
        this.shared = shared;
        this.overrides = Map.copyOf(overrides);
    }

    /** The policy declared in the channel routes' route configuration ({@link #ROUTE_CONFIGURATION}). */
    public static ChannelRetryPolicies declaredIn(CamelContext context, Map<String, Overrides> overrides) {
        return new ChannelRetryPolicies(() -> DeclaredRedeliveryPolicy.of(context, ROUTE_CONFIGURATION), overrides);
    }

    public RedeliveryPolicy of(String channel) {
        return policies.computeIfAbsent(channel == null ? "" : channel,
                c -> overrides.getOrDefault(c, Overrides.NONE).over(shared()));
    }

    private RedeliveryPolicy shared() {
        if (sharedPolicy == null) {
            sharedPolicy = shared.get();
        }
        return sharedPolicy;
    }
}
