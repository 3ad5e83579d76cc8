package io.ordercast.config;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.ordercast.channel.ChannelDescriptor;
import io.ordercast.channel.ChannelDescriptor.TemplateKind;

/**
 * Reads each routed channel's descriptor from {@code ordercast.channel.<name>.*}. Every key has a default,
 * so a channel added in YAML needs only the keys where it differs: no address field, plain-text templates,
 * no required setting, one provider named after the channel, no failover.
 */
final class ChannelDescriptors {

    private ChannelDescriptors() {
    }

    /** The routed channels and every channel with an {@code ordercast.channel.<name>.*} key. */
    static Map<String, ChannelDescriptor> described(Settings settings) {
        Set<String> channels = new LinkedHashSet<>(routed(settings));
        settings.withPrefix("ordercast.channel.").keySet().stream().filter(key -> key.contains("."))
                .forEach(key -> channels.add(key.substring(0, key.indexOf('.'))));
        return of(settings, List.copyOf(channels));
    }

    /** The channels with a delivery route, {@code ordercast.outbox.channels} ({@code none}: no channel). */
    static List<String> routed(Settings settings) {
        return settings.list("ordercast.outbox.channels").stream().filter(c -> !"none".equals(c)).toList();
    }

    static Map<String, ChannelDescriptor> of(Settings settings, List<String> channels) {
        Map<String, ChannelDescriptor> descriptors = new LinkedHashMap<>();
        for (String channel : channels) {
            descriptors.put(channel, read(settings, channel));
        }
        return descriptors;
    }

    private static ChannelDescriptor read(Settings settings, String channel) {
        String prefix = "ordercast.channel." + channel + ".";
        String template = settings.optional(prefix + "template").orElse("text");
        TemplateKind kind;
        try {
            kind = TemplateKind.valueOf(template.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + "template must be html, text or none, was '" + template + "'");
        }
        List<String> providers = settings.optional(prefix + "providers").isPresent()
                ? settings.list(prefix + "providers") : List.of(channel);
        List<String> requires = settings.optional(prefix + "requires").isPresent()
                ? settings.list(prefix + "requires") : List.of();
        Map<String, String> platforms = new LinkedHashMap<>();
        if (settings.optional(prefix + "platforms").isPresent()) {
            for (String pair : settings.list(prefix + "platforms")) {
                String[] platformAndProvider = pair.split(":", 2);
                if (platformAndProvider.length != 2 || platformAndProvider[0].isBlank() || platformAndProvider[1].isBlank()) {
                    throw new IllegalArgumentException(prefix + "platforms lists platform:provider pairs (android:fcm),"
                            + " was '" + pair + "'");
                }
                platforms.put(platformAndProvider[0].trim(), platformAndProvider[1].trim());
            }
        }
        Map<String, List<String>> providerRequires = new LinkedHashMap<>();
        for (String provider : providers) {
            String key = prefix + "provider-requires." + provider;
            if (settings.optional(key).isPresent()) {
                providerRequires.put(provider, settings.list(key));
            }
        }
        return new ChannelDescriptor(channel, settings.optional(prefix + "address").orElse(null), kind, requires,
                providers, settings.optional(prefix + "fallback-requires").orElse(null), platforms, providerRequires);
    }
}
