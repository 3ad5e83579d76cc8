package io.ordercast.notify;

import java.util.Collections;
import java.util.LinkedHashMap;
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

    private final Map<String, ChannelDescriptor> routed;
    private final Map<String, String> unconfigured;

    /**
     * @param routed       the descriptors of the channels with a delivery route
     * @param unconfigured channel → why it cannot deliver here (e.g. its URL is unset)
     */
    public ChannelAvailability(Map<String, ChannelDescriptor> routed, Map<String, String> unconfigured) {
        this.routed = Collections.unmodifiableMap(new LinkedHashMap<>(routed));
        this.unconfigured = Map.copyOf(unconfigured);
    }

    /**
     * Channels with a delivery route, configured or not: each has a consumer route, so each needs its
     * queue (a consumer of a missing queue fails, and on some brokers takes its connection with it).
     */
    public Set<String> routed() {
        return routed.keySet();
    }

    /** Channels the outbox publishes to. */
    public Set<String> deliverable() {
        Set<String> ready = new LinkedHashSet<>(routed.keySet());
        ready.removeAll(unconfigured.keySet());
        return ready;
    }

    /** The contract's channels and any channel given a delivery route here: what a plan line may name. */
    public Set<String> known() {
        Set<String> known = new TreeSet<>(Channels.KNOWN);
        known.addAll(routed.keySet());
        return known;
    }

    /** The descriptor of a channel with a delivery route. */
    public Optional<ChannelDescriptor> descriptor(String channel) {
        return Optional.ofNullable(routed.get(channel));
    }

    /** Null when the channel can deliver, else why not. */
    public String whyNot(String channel) {
        if (!routed.containsKey(channel)) {
            return channel + " has no delivery route (ordercast.outbox.channels)";
        }
        return unconfigured.get(channel);
    }
}
