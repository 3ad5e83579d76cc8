package io.ordercast.channel;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The channels of this installation, by their descriptors: those with a delivery route
 * ({@code ordercast.outbox.channels}), and which of them lack a setting they need. A notification planned
 * for an unavailable channel is SUPPRESSED with the reason, not left waiting.
 */
public class ChannelAvailability {

    private final Map<String, ChannelDescriptor> described;
    private final Set<String> routed;
    private final Map<String, String> unconfigured;
    private final Map<String, String> providersOff;

    /**
     * @param described    the descriptors of every channel described here, routed or not
     * @param routed       the channels with a delivery route
     * @param unconfigured channel → why it cannot deliver here (e.g. its URL is unset)
     */
    public ChannelAvailability(Map<String, ChannelDescriptor> described, Set<String> routed,
                               Map<String, String> unconfigured) {
        this(described, routed, unconfigured, Map.of());
    }

    /** @param providersOff provider → why it cannot deliver here (one of several providers of a channel, e.g. APNs) */
    public ChannelAvailability(Map<String, ChannelDescriptor> described, Set<String> routed,
                               Map<String, String> unconfigured, Map<String, String> providersOff) {
        this.described = Map.copyOf(described);
        this.routed = Collections.unmodifiableSet(new LinkedHashSet<>(routed));
        this.unconfigured = Map.copyOf(unconfigured);
        this.providersOff = Map.copyOf(providersOff);
    }

    /**
     * Channels with a delivery route, configured or not: each has a consumer route, so each needs its
     * queue (a consumer of a missing queue fails, and on some brokers takes its connection with it).
     */
    public Set<String> routed() {
        return routed;
    }

    /** Channels the outbox publishes to. */
    public Set<String> deliverable() {
        Set<String> ready = new LinkedHashSet<>(routed);
        ready.removeAll(unconfigured.keySet());
        return ready;
    }

    /** The contract's channels and any channel given a delivery route here: what a plan line may name. */
    public Set<String> known() {
        Set<String> known = new TreeSet<>(Channels.KNOWN);
        known.addAll(routed);
        return known;
    }

    /** The descriptor of a channel, whether or not it is routed here. */
    public Optional<ChannelDescriptor> descriptor(String channel) {
        return Optional.ofNullable(described.get(channel));
    }

    /** Every described channel's descriptor. */
    public Collection<ChannelDescriptor> descriptors() {
        return described.values();
    }

    /** Null when the channel can deliver, else why not. */
    public String whyNot(String channel) {
        if (!routed.contains(channel)) {
            return channel + " has no delivery route (ordercast.outbox.channels)";
        }
        return unconfigured.get(channel);
    }

    /** Null when the channel can deliver to a device of the platform, else why not. */
    public String whyNot(String channel, String platform) {
        String channelOff = whyNot(channel);
        if (channelOff != null) {
            return channelOff;
        }
        String provider = descriptor(channel).map(d -> d.providerFor(platform)).orElse(null);
        if (provider == null) {
            return channel + " has no provider for " + platform + " devices (ordercast.channel." + channel + ".platforms)";
        }
        return providersOff.get(provider);
    }
}
