package io.ordercast.channel;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;
import org.apache.camel.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker per provider (smtp, sms, webhook, and the fallback relays), used by the send
 * routes' circuitBreaker EIP. Only failures worth retrying count against a provider: a rejected
 * address or a 400 says nothing about the provider's health. When a provider's circuit is open and a
 * fallback provider is configured, the send routes go to the fallback ({@link #useFallback}). A provider that
 * refuses our credentials is {@link #misconfigured}: its circuit opens at once, and it is reported until a
 * call through it succeeds again.
 */
public class ProviderCircuits {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderCircuits.class);

    private final CircuitBreakerRegistry registry;
    private final Set<String> withFallback;
    /** provider → why its set-up is wrong; kept until its circuit closes again */
    private final Map<String, String> misconfigured = new ConcurrentHashMap<>();
    private final Set<String> watched = ConcurrentHashMap.newKeySet();

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

    /**
     * The send routes' fallback choice by the bean name they refer to, {@code <provider>UseFallback} (the ref
     * language): a plain call on every message, where {@code ${bean:providerCircuits?method=useFallback(..)}} made a
     * bean expression, copied the exchange and looked the method up by reflection for every call.
     */
    public Map<String, Predicate> fallbackChoices(Collection<String> providers) {
        Map<String, Predicate> beans = new LinkedHashMap<>();
        for (String provider : providers) {
            beans.put(baseName(provider) + "UseFallback", exchange -> useFallback(provider));
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

    /**
     * Opens the provider's circuit because our credentials or set-up for it are wrong (docs/push-errors.md,
     * "our set-up refused"), and says so once: in the log now, and in the health check until the circuit
     * closes, which needs a trial call through it to succeed after the set-up is fixed.
     */
    public void misconfigured(String provider, String reason) {
        CircuitBreaker breaker = registry.circuitBreaker(provider);
        if (watched.add(provider)) {
            breaker.getEventPublisher().onStateTransition(event -> {
                if (event.getStateTransition().getToState() == CircuitBreaker.State.CLOSED
                        && misconfigured.remove(provider) != null) {
                    LOG.info("provider {} accepts our credentials again; its circuit is closed", provider);
                }
            });
        }
        if (misconfigured.put(provider, reason) == null) {
            LOG.error("provider {} refuses our credentials or set-up, its circuit is open and its notifications wait"
                    + " PENDING (no retry spent, no device forgotten) until it is fixed: {}", provider, reason);
        }
        try {
            if (breaker.getState() != CircuitBreaker.State.OPEN) {
                breaker.transitionToOpenState();
            }
        } catch (IllegalStateTransitionException alreadyOpened) {
            // another consumer opened it first
        }
    }

    /** Providers whose credentials or set-up are wrong, with the reason. */
    public Map<String, String> misconfigured() {
        return Map.copyOf(misconfigured);
    }

    public String state(String provider) {
        return registry.circuitBreaker(provider).getState().name();
    }

    static String beanName(String provider) {
        return baseName(provider) + "CircuitBreaker";
    }

    private static String baseName(String provider) {
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
        return name.toString();
    }

    /** When a provider's circuit opens and how long it stays open. */
    public record CircuitBreakerSettings(float failureRateThreshold, int slidingWindowSize, int minimumNumberOfCalls,
                                         Duration waitInOpenState) {
    }
}
