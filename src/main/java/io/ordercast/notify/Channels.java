package io.ordercast.notify;

import java.util.Set;

/** The notification channels of contract.md §3, whether or not this instance can deliver them. */
public final class Channels {

    public static final Set<String> KNOWN = Set.of("email", "sms", "push", "webhook");

    /** A webhook carries the event's own fields as JSON; the other channels render a template. */
    public static boolean rendersTemplate(String channel) {
        return !"webhook".equals(channel);
    }

    private Channels() {
    }
}
