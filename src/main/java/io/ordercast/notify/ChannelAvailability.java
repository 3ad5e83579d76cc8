package io.ordercast.notify;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which channels can deliver in this installation: those with a delivery route
 * ({@code ordercast.outbox.channels}) and the settings they need. A notification planned for an
 * unavailable channel is SUPPRESSED with the reason, not left waiting.
 */
public class ChannelAvailability {

    private final Set<String> deliverable;
    private final Map<String, String> unconfigured;

    /**
     * @param deliverable  channels with a delivery route
     * @param unconfigured channel → why it cannot deliver here (e.g. its URL is unset)
     */
    public ChannelAvailability(Set<String> deliverable, Map<String, String> unconfigured) {
        this.deliverable = Collections.unmodifiableSet(new LinkedHashSet<>(deliverable));
        this.unconfigured = Map.copyOf(unconfigured);
    }

    /**
     * Channels with a delivery route, configured or not: each has a consumer route, so each needs its
     * queue (a consumer of a missing queue fails, and on some brokers takes its connection with it).
     */
    public Set<String> routed() {
        return deliverable;
    }

    /** Channels the outbox publishes to. */
    public Set<String> deliverable() {
        Set<String> ready = new LinkedHashSet<>(deliverable);
        ready.removeAll(unconfigured.keySet());
        return ready;
    }

    /** The contract's channels and any channel given a delivery route here: what a plan line may name. */
    public Set<String> known() {
        Set<String> known = new TreeSet<>(Channels.KNOWN);
        known.addAll(deliverable);
        return known;
    }

    /** Null when the channel can deliver, else why not. */
    public String whyNot(String channel) {
        if (!deliverable.contains(channel)) {
            return channel + " has no delivery route (ordercast.outbox.channels)";
        }
        return unconfigured.get(channel);
    }
}
