package io.ordercast.observe;

import java.util.Map;
import java.util.stream.Collectors;

import io.ordercast.channel.ProviderCircuits;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * DOWN while a provider refuses our credentials or set-up (FCM's THIRD_PARTY_AUTH_ERROR, APNs'
 * InvalidProviderToken, ...): nothing of that provider is delivered until an operator fixes it, so the
 * service says so where monitoring looks. A readiness check only: a restart cannot fix credentials. A
 * provider that is merely down (an open circuit after timeouts) or not configured at all leaves it UP.
 */
public class ProviderSetupHealthCheck extends AbstractHealthCheck {

    private final ProviderCircuits circuits;

    public ProviderSetupHealthCheck(ProviderCircuits circuits) {
        super("ordercast", "provider-setup");
        this.circuits = circuits;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, String> wrong = circuits.misconfigured();
        if (wrong.isEmpty()) {
            builder.up();
            return;
        }
        builder.message(wrong.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " misconfigured: " + e.getValue()).collect(Collectors.joining("; "))).down();
    }
}
