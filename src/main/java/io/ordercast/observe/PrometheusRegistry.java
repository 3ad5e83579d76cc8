package io.ordercast.observe;

import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The registry behind /observe/metrics, made so that {@code promtool check metrics} finds nothing
 * to say. Camel tags its meters {@code routeId}, {@code camelContext}, {@code eventType}; Prometheus
 * wants label names in snake_case, and Camel 4.17 has no option for it (its "legacy" naming strategy
 * changes meter names, not tag keys). A few Camel gauges have no description, so no HELP text.
 * camel-micrometer-prometheus uses a registry bound as {@code metricsRegistry} instead of making its
 * own, so this is the one place to fix both; the binders stay in {@code camel.metrics.binders}.
 */
public final class PrometheusRegistry {

    /** Meters Camel registers without a description. */
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "app.info", "Camel version and runtime of this service (value is always 1)",
            "camel.routes.added", "Routes added to the Camel context",
            "camel.routes.running", "Routes running in the Camel context",
            "camel.routes.reloaded", "Routes reloaded in the Camel context");

    private PrometheusRegistry() {
    }

    public static PrometheusMeterRegistry create() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NamingConvention prometheus = registry.config().namingConvention();
        registry.config().namingConvention(new SnakeCaseTagKeys(prometheus));
        // micrometer's processor binder adds two meters the lint refuses: process.cpu.time counts in ns
        // (process_cpu_usage tells the same as a ratio) and system.cpu.count ends in _count like a summary
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().equals("system.cpu.count")) {
                    id = id.withName("system.cpu.cores");
                }
                if (id.getDescription() != null && !id.getDescription().isBlank()) {
                    return id;
                }
                // a meter added later without a description still gets HELP text: its name in words
                String help = DESCRIPTIONS.getOrDefault(id.getName(), id.getName().replace('.', ' '));
                return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), help, id.getType());
            }
        });
        return registry;
    }

    /** Prometheus' own convention, with tag keys turned from camelCase into snake_case first. */
    private record SnakeCaseTagKeys(NamingConvention prometheus) implements NamingConvention {

        @Override
        public String name(String name, Meter.Type type, String baseUnit) {
            return prometheus.name(name, type, baseUnit);
        }

        @Override
        public String tagKey(String key) {
            return prometheus.tagKey(snakeCase(key));
        }

        @Override
        public String tagValue(String value) {
            return prometheus.tagValue(value);
        }

        static String snakeCase(String key) {
            StringBuilder out = new StringBuilder(key.length() + 4);
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (Character.isUpperCase(c)) {
                    if (i > 0) {
                        out.append('_');
                    }
                    out.append(Character.toLowerCase(c));
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
