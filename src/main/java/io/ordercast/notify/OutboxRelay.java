package io.ordercast.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.ordercast.notify.NotificationStore.OutboxEntry;

/**
 * The outbox's safety net. An event's notifications are published right after they are recorded
 * ({@link NotificationPlanner#record}); the relay ({@link #due}) publishes what is left unpublished
 * after a grace period (a crash between the commit and the publish), scheduled or deferred ones when
 * due, and ones whose consumer died mid-send (its instance stopped beating, or the claim expired).
 */
public class OutboxRelay {

    private static final int BATCH = 200;

    private final NotificationStore store;
    private final ChannelAvailability channels;
    private final Duration grace;
    private final Duration claimTimeout;
    private final Instances instances;
    private final Clock clock;

    public OutboxRelay(NotificationStore store, ChannelAvailability channels, Duration grace, Duration claimTimeout,
                       Instances instances, Clock clock) {
        this.store = store;
        this.channels = channels;
        this.grace = grace;
        this.claimTimeout = claimTimeout;
        this.instances = instances;
        this.clock = clock;
    }

    public List<OutboxEntry> due() {
        Instant now = clock.instant();
        List<OutboxEntry> due = new ArrayList<>(store.abandoned(channels.deliverable(), now.minus(claimTimeout),
                instances.silentSince(now), now, BATCH));
        due.addAll(store.unpublished(channels.deliverable(), now.minus(grace), now, BATCH));
        return due;
    }
}
