package io.ordercast.notify;

import java.time.Clock;
import java.util.List;

import io.ordercast.notify.NotificationStore.OutboxEntry;

/**
 * Writes the published marks of many outbox publishes in one transaction; the outbox-publish route aggregates
 * them. A mark only keeps the relay from publishing a notification a second time, and consumers take each
 * notification once, so a mark written a moment late, or lost in a crash, costs at most a harmless second copy;
 * a mark of its own per publish cost every event a commit.
 */
public class PublishedMarks {

    private final NotificationStore store;
    private final Clock clock;

    public PublishedMarks(NotificationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** @param published the entries of each publish, as the aggregator grouped them */
    public void mark(List<List<OutboxEntry>> published) {
        store.markPublished(published.stream().flatMap(List::stream).toList(), clock.instant());
    }
}
