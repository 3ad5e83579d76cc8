package io.ordercast;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.spi.PropertiesComponent;

/** Typed reads of the ordercast.* properties; each one can be overridden by its environment variable. */
final class Settings {

    private final PropertiesComponent properties;

    Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    String string(String key, String defaultValue) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(defaultValue);
    }

    int integer(String key, int defaultValue) {
        String value = string(key, null);
        try {
            return value == null ? defaultValue : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'");
        }
    }

    Duration duration(String key, Duration defaultValue) {
        String value = string(key, null);
        try {
            return value == null ? defaultValue : Duration.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT30S, was '" + value + "'");
        }
    }

    /** A comma-separated list; blank entries are left out. */
    List<String> list(String key, List<String> defaultValue) {
        String value = string(key, null);
        return value == null ? defaultValue
                : Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** Every key under a prefix, with the prefix removed. */
    Map<String, String> withPrefix(String prefix) {
        Map<String, String> rows = new LinkedHashMap<>();
        properties.loadProperties(key -> key.startsWith(prefix))
                .stringPropertyNames().stream().sorted()
                .forEach(key -> rows.put(key.substring(prefix.length()), properties.resolveProperty(key).orElse("")));
        return rows;
    }
}
