package io.ordercast.channel;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import io.ordercast.tracking.Party;

/**
 * What ordercast needs to know about one channel, read from {@code ordercast.channel.<name>.*}: which field
 * of the recipient's party holds its address, what kind of template it renders, which settings it cannot
 * deliver without, and the providers it calls (each behind a circuit breaker of its own). The channel's
 * routes live in its YAML file; this is the rest, so that no Java names a channel.
 *
 * @param addressField     the party field that addresses the recipient ({@code email}, {@code phone}); {@link #DEVICE}
 *                         for the recipient's registered devices (one notification each); null when the channel's
 *                         endpoint is the address (a webhook)
 * @param requires         settings that must be set for the channel to deliver
 * @param providers        the providers the channel's sender calls; each gets a breaker and a fallback breaker
 * @param fallbackRequires the setting that turns failover on for the channel's providers; null: no failover
 * @param platforms        for a device channel: which provider serves a device of each platform
 * @param providerRequires settings without which one provider is off (its notifications are SUPPRESSED)
 */
public record ChannelDescriptor(String name, String addressField, TemplateKind template, List<String> requires,
                                List<String> providers, String fallbackRequires, Map<String, String> platforms,
                                Map<String, List<String>> providerRequires) {

    /** The address of a channel that reaches the recipient's registered devices (push). */
    public static final String DEVICE = "device";

    /** How a channel's message is made: an auto-escaped HTML template, a plain-text one, or none at all. */
    public enum TemplateKind {
        HTML("ftlh"), TEXT("ftl"), NONE(null);

        private final String extension;

        TemplateKind(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }
    }

    public ChannelDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(template, "template");
        requires = List.copyOf(requires);
        providers = List.copyOf(providers);
        platforms = Map.copyOf(platforms);
        providerRequires = Map.copyOf(providerRequires);
        if (addressField != null && !DEVICE.equals(addressField) && !Party.FIELDS.contains(addressField)) {
            throw new IllegalArgumentException("ordercast.channel." + name + ".address must be one of a party's fields "
                    + Party.FIELDS + " or " + DEVICE + ", was '" + addressField + "'");
        }
        for (Map.Entry<String, String> platform : platforms.entrySet()) {
            if (!providers.contains(platform.getValue())) {
                throw new IllegalArgumentException("ordercast.channel." + name + ".platforms: " + platform.getKey()
                        + " is served by '" + platform.getValue() + "', which is not one of its providers " + providers);
            }
        }
    }

    /** A channel that addresses parties by a field of theirs, or by nothing at all. */
    public ChannelDescriptor(String name, String addressField, TemplateKind template, List<String> requires,
                             List<String> providers, String fallbackRequires) {
        this(name, addressField, template, requires, providers, fallbackRequires, Map.of(), Map.of());
    }

    /** Whether a notification goes to each of the recipient's registered devices, one notification per device. */
    public boolean reachesDevices() {
        return DEVICE.equals(addressField);
    }

    /** The provider that serves a device of the platform, or null. */
    public String providerFor(String platform) {
        return platforms.get(platform);
    }

    public boolean rendersTemplate() {
        return template != TemplateKind.NONE;
    }

    /** The recipient's address in the event's party node; the channel's own name when it needs none. */
    public String address(JsonNode party) {
        if (addressField == null) {
            return name;
        }
        if (reachesDevices()) {
            return null; // each notification names its device
        }
        JsonNode value = party.path(addressField);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    /** Why the party cannot be reached on this channel, or null. */
    public String missingAddress(String role, Party party) {
        if (addressField == null || reachesDevices() || party == null) {
            return null;
        }
        String value = party.field(addressField);
        return value == null || value.isBlank() ? role + " has no " + addressField + " address" : null;
    }
}
