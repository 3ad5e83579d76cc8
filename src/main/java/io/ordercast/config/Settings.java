package io.ordercast.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
    private final Map<String, String> environment;

    private Settings(PropertiesComponent properties, Map<String, String> environment) {
        this.properties = properties;
        this.environment = environment;
    }

    public static Settings of(CamelContext context) {
        return of(context, System.getenv());
    }

    /** With the given environment in place of the process's, for listing keys under a prefix (tests). */
    static Settings of(CamelContext context, Map<String, String> environment) {
        return new Settings(context.getPropertiesComponent(), environment);
    }

    /**
     * The environment variable Camel reads for a key: upper case, '.' and '-' as '_'
     * ({@code ordercast.tracking.transitions} → {@code ORDERCAST_TRACKING_TRANSITIONS}).
     */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
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

    /**
     * Every key under a prefix (ending in '.'), with the prefix removed, sorted. From, each overriding the one before:
     * the properties files; the whole table in one environment variable named after the prefix
     * ({@code ORDERCAST_TRACKING_TRANSITIONS="CREATED=PAID, CANCELLED;ON_HOLD=SHIPPED"}: rows separated by ';', each
     * {@code rest=value}); one environment variable per row, the prefix's name plus '_' plus the rest as written
     * ({@code ORDERCAST_TRACKING_TRANSITIONS_ON_HOLD}: case and '_' kept, so a rest with a '.' needs the table); a
     * system property spelling the key ({@code -Dordercast.tracking.transitions.ON_HOLD}).
     */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> rows = new TreeMap<>();
        properties.loadProperties(key -> key.startsWith(prefix)).stringPropertyNames()
                .forEach(key -> rows.put(key.substring(prefix.length()), properties.resolveProperty(key).orElse("")));
        String table = environmentName(prefix.substring(0, prefix.length() - 1));
        String rowsValue = environment.get(table);
        if (rowsValue != null) {
            String[] tableRows = rowsValue.split(";");
            for (int i = 0; i < tableRows.length; i++) {
                if (tableRows[i].isBlank()) {
                    continue;
                }
                String[] keyAndValue = tableRows[i].split("=", 2);
                if (keyAndValue.length != 2 || keyAndValue[0].isBlank()) {
                    // the row itself is not printed: a value may be a secret
                    throw new IllegalArgumentException(table + " holds rows KEY=VALUE separated by ';': row "
                            + (i + 1) + " has no KEY=");
                }
                rows.put(keyAndValue[0].trim(), keyAndValue[1].trim());
            }
        }
        String row = table + "_";
        environment.forEach((name, value) -> {
            if (name.startsWith(row) && name.length() > row.length()) {
                rows.put(name.substring(row.length()), value);
            }
        });
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith(prefix) && key.length() > prefix.length())
                .forEach(key -> rows.put(key.substring(prefix.length()), System.getProperty(key)));
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
