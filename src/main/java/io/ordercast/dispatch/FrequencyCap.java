package io.ordercast.dispatch;

import java.time.Duration;
import java.util.Set;

/**
 * At most {@code maximum} notifications per recipient and channel within {@code window}, for the
 * recipient roles in {@code roles}. It protects people from a flood; a seller's "ship this order"
 * mails and the carrier's webhooks are work items, each of which matters, so by default only buyers
 * are capped.
 */
public record FrequencyCap(int maximum, Duration window, Set<String> roles) {

    public boolean applies(String role) {
        return roles.contains(role);
    }
}
