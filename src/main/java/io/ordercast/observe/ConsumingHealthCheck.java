package io.ordercast.observe;

import java.util.List;
import java.util.Map;

import io.ordercast.ingest.QueueConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * DOWN while a route's queue consumer (the ingest's {@code rabbitmq-batch:}) is not consuming: ready means events
 * are taken off the broker. A reachable broker alone is not that: once it is back, its listener container
 * starts its consumers again only on its next recovery attempt, seconds later. A readiness check only: the container
 * recovers by itself. It asks the consumers' own state, no peer, so it answers at once.
 */
public class ConsumingHealthCheck extends AbstractHealthCheck {

    private final CamelContext context;

    public ConsumingHealthCheck(CamelContext context) {
        super("ordercast", "consuming");
        this.context = context;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        // every call looks at the routes as they are now: a reloaded route file brings a new consumer
        List<String> idle = context.getRoutes().stream()
                .filter(route -> route.getConsumer() instanceof QueueConsumer consumer && !consumer.consuming())
                .map(ConsumingHealthCheck::describe).toList();
        if (idle.isEmpty()) {
            builder.up();
        } else {
            builder.message("not consuming " + String.join(", ", idle)).down();
        }
    }

    private static String describe(Route route) {
        return ((QueueConsumer) route.getConsumer()).queue() + " (route " + route.getRouteId() + ")";
    }
}
