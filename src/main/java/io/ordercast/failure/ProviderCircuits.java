package io.ordercast.failure;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * One circuit breaker per provider (smtp, sms, webhook, and the fallback relays), used by the send
 * routes' circuitBreaker EIP. Only failures worth retrying count against a provider: a rejected
 * address or a 400 says nothing about the provider's health. When a provider's circuit is open and a
 * fallback provider is configured, the send routes go to the fallback ({@link #useFallback}).
 */
public class ProviderCircuits {

    private final CircuitBreakerRegistry registry;
    private final Set<String> withFallback;

    public ProviderCircuits(CircuitBreakerSettings settings, Set<String> withFallback) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(e -> !FailureClassifier.classify(e).permanent())
                .build();
        this.registry = CircuitBreakerRegistry.of(config);
        this.withFallback = Set.copyOf(withFallback);
    }

    /** The breakers by the bean name the routes refer to: {@code <provider>CircuitBreaker}. */
    public Map<String, CircuitBreaker> breakers(Collection<String> providers) {
        Map<String, CircuitBreaker> beans = new LinkedHashMap<>();
        for (String provider : providers) {
            beans.put(beanName(provider), registry.circuitBreaker(provider));
        }
        return beans;
    }

    /** True when the provider's circuit is open and a fallback provider is configured for it. */
    public boolean useFallback(String provider) {
        if (!withFallback.contains(provider)) {
            return false;
        }
        CircuitBreaker.State state = registry.circuitBreaker(provider).getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    public String state(String provider) {
        return registry.circuitBreaker(provider).getState().name();
    }

    static String beanName(String provider) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : provider.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name + "CircuitBreaker";
    }

    /** When a provider's circuit opens and how long it stays open. */
    public record CircuitBreakerSettings(float failureRateThreshold, int slidingWindowSize, int minimumNumberOfCalls,
                                         Duration waitInOpenState) {
    }
}
