package io.ordercast.channel;

import java.util.Set;

/**
 * The notification channels of docs/contract.md §3, whether or not this instance can deliver them: a plan line
 * may name one before its delivery route exists (its notifications are then SUPPRESSED with the reason).
 * What a channel is made of is its {@link ChannelDescriptor}.
 */
public final class Channels {

    public static final Set<String> KNOWN = Set.of("email", "sms", "push", "webhook");

    private Channels() {
    }
}
