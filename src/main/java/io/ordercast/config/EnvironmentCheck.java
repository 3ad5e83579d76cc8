package io.ordercast.config;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns once at start about {@code ORDERCAST_*} environment variables that name no key ordercast reads: a misspelt
 * name is otherwise ignored without a word. Names only, never values. Known: every key of application.properties,
 * the keys read by name that have no default there ({@link #READ_BY_NAME}), every key a channel {@code requires},
 * and the keys under a prefix ({@link #PREFIXES}; Settings.withPrefix).
 */
public class EnvironmentCheck implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentCheck.class);

    /** Keys ordercast (or its log4j2.properties) reads by name with no line in application.properties. */
    static final List<String> READ_BY_NAME = List.of(
            "ordercast.log.format",
            "ordercast.sms.url", "ordercast.sms.token", "ordercast.sms.fallback.url", "ordercast.sms.fallback.token",
            "ordercast.webhook.url", "ordercast.webhook.secret",
            "ordercast.fcm.project-id", "ordercast.fcm.credentials-file",
            "ordercast.apns.key-file", "ordercast.apns.key-id", "ordercast.apns.team-id", "ordercast.apns.topic",
            "ordercast.apns.trusted-certificate",
            "ordercast.smtp.username", "ordercast.smtp.password",
            "ordercast.smtp.fallback.host", "ordercast.smtp.fallback.username", "ordercast.smtp.fallback.password");

    /**
     * Prefixes whose keys are listed (the state machine, the channel descriptors), and ordercast.it.*, which only the
     * integration tests read (ORDERCAST_IT_RABBITMQ_URL).
     */
    static final List<String> PREFIXES = List.of("ordercast.tracking.transitions.", "ordercast.channel.", "ordercast.it.");

    /** ordercast.notify.&lt;channel&gt;.&lt;key&gt;: the keys a channel may set for itself. */
    static final List<String> PER_CHANNEL_NOTIFY = List.of("concurrency", "batch-size", "retry.maximum",
            "retry.initial-delay", "retry.multiplier", "retry.maximum-delay");

    private final Map<String, String> environment;

    public EnvironmentCheck() {
        this(System.getenv());
    }

    EnvironmentCheck(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public void configure(CamelContext context) {
        Set<String> unknown = unknown(context);
        if (!unknown.isEmpty()) {
            LOG.warn("These environment variables name no ordercast setting and are ignored: {}"
                    + " (docs/operations.md, Configuration)", String.join(", ", unknown));
        }
    }

    /** The ORDERCAST_* names that name no known key, sorted. */
    Set<String> unknown(CamelContext context) {
        Set<String> known = new HashSet<>();
        context.getPropertiesComponent().loadProperties().stringPropertyNames()
                .forEach(key -> known.add(Settings.environmentName(key)));
        READ_BY_NAME.forEach(key -> known.add(Settings.environmentName(key)));
        Settings.of(context, environment).withPrefix("ordercast.channel.").forEach((key, value) -> {
            if (key.endsWith(".requires") || key.endsWith(".fallback-requires") || key.contains(".provider-requires.")) {
                Arrays.stream(value.split(",")).map(String::trim).filter(k -> !k.isEmpty())
                        .forEach(k -> known.add(Settings.environmentName(k)));
            }
        });
        Set<String> unknown = new TreeSet<>();
        for (String name : environment.keySet()) {
            if (name.startsWith("ORDERCAST_") && !known.contains(name) && !underPrefix(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    private static boolean underPrefix(String name) {
        for (String prefix : PREFIXES) {
            String table = Settings.environmentName(prefix.substring(0, prefix.length() - 1));
            if (name.equals(table) || name.startsWith(table + "_")) {
                return true;
            }
        }
        if (name.startsWith("ORDERCAST_NOTIFY_")) {
            for (String key : PER_CHANNEL_NOTIFY) {
                String suffix = "_" + Settings.environmentName(key);
                if (name.endsWith(suffix) && name.length() > "ORDERCAST_NOTIFY_".length() + suffix.length()) {
                    return true;
                }
            }
        }
        return false;
    }
}
