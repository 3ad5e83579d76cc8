package io.ordercast.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed reads of the ordercast.* properties; each one can be overridden by its environment variable.
 * The defaults are in application.properties and nowhere else: a required key that is missing or blank
 * fails the start with its name. A parse error names the key too (Camel's own converter, behind
 * {@code @PropertyInject}, does not).
 */
public final class Settings {

    private final PropertiesComponent properties;

    private Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    public static Settings of(CamelContext context) {
        return new Settings(context.getPropertiesComponent());
    }

    /** A key that may be unset: blank counts as unset. */
    public Optional<String> optional(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String string(String key) {
        return optional(key).orElseThrow(() -> new IllegalArgumentException(key + " is not set"));
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(string(key));
    }

    public int integer(String key) {
        return parse(key, string(key), Integer::parseInt, "a whole number");
    }

    public Optional<Integer> integerIfSet(String key) {
        return optional(key).map(value -> parse(key, value, Integer::parseInt, "a whole number"));
    }

    public double decimal(String key) {
        return parse(key, string(key), Double::parseDouble, "a number");
    }

    public Optional<Double> decimalIfSet(String key) {
        return optional(key).map(value -> parse(key, value, Double::parseDouble, "a number"));
    }

    public Duration duration(String key) {
        return parse(key, string(key), Duration::parse, "an ISO-8601 duration such as PT30S");
    }

    public Optional<Duration> durationIfSet(String key) {
        return optional(key).map(value -> parse(key, value, Duration::parse, "an ISO-8601 duration such as PT30S"));
    }

    /** A comma-separated list; blank entries are left out, and a blank value is an empty list. */
    public List<String> list(String key) {
        String value = properties.resolveProperty(key)
                .orElseThrow(() -> new IllegalArgumentException(key + " is not set"));
        return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** Every key under a prefix, with the prefix removed. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> rows = new LinkedHashMap<>();
        properties.loadProperties(key -> key.startsWith(prefix))
                .stringPropertyNames().stream().sorted()
                .forEach(key -> rows.put(key.substring(prefix.length()), properties.resolveProperty(key).orElse("")));
        return rows;
    }

    private static <T> T parse(String key, String value, Function<String, T> parser, String expected) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be " + expected + ", was '" + value + "'");
        }
    }
}
