package io.ordercast.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.ordercast.db.Jdbc;
import io.ordercast.notify.NotificationStore.OutboxEntry;
import io.ordercast.support.MigratedH2;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox's published marks, written a moment after the publish and many at once, against the real schema in
 * H2: what the relay then publishes again (what it must) and what it leaves alone (what a mark covers).
 */
class PublishedMarksTest {

    private static final Instant PLANNED = Instant.parse("2026-11-29T10:00:00Z");
    private static final Instant LATER = PLANNED.plusSeconds(60);
    private static final Duration GRACE = Duration.ofSeconds(10);

    private Jdbc jdbc;
    private NotificationStore store;
    private PublishedMarks marks;

    @BeforeEach
    void database() {
        Clock clock = Clock.fixed(PLANNED.plusMillis(100), ZoneOffset.UTC);
        jdbc = MigratedH2.jdbc("published-marks", clock);
        store = new NotificationStore(jdbc);
        marks = new PublishedMarks(store, clock);
    }

    @Test
    void should_keep_the_relay_from_publishing_again_what_the_marks_cover() {
        pending("n-mail-1", "email", null);
        pending("n-sms-1", "sms", null);
        pending("n-reminder-1", "email", PLANNED.plusSeconds(30));
        List<OutboxEntry> router = relayWouldPublish(PLANNED.plusSeconds(11)).stream()
                .filter(entry -> entry.notBefore() == null).toList();
        List<OutboxEntry> relay = relayWouldPublish(PLANNED.plusSeconds(31)).stream()
                .filter(entry -> entry.notBefore() != null).toList();

        marks.mark(List.of(router, relay));

        assertThat(router).extracting(OutboxEntry::notificationId).containsExactlyInAnyOrder("n-mail-1", "n-sms-1");
        assertThat(relay).extracting(OutboxEntry::notificationId).containsExactly("n-reminder-1");
        assertThat(relayWouldPublish(LATER)).isEmpty();
    }

    @Test
    void should_leave_a_notification_deferred_before_its_mark_to_the_relay() {
        pending("n-mail-1", "email", null);
        List<OutboxEntry> published = relayWouldPublish(PLANNED.plusSeconds(11));
        // the consumer took the message before the mark was written, and the frequency cap deferred it
        jdbc.inTransaction(() -> store.defer("n-mail-1", PLANNED.plusSeconds(40), "frequency cap", PLANNED.plusMillis(50)));

        marks.mark(List.of(published));

        assertThat(relayWouldPublish(PLANNED.plusSeconds(39))).isEmpty();
        assertThat(relayWouldPublish(PLANNED.plusSeconds(41))).extracting(OutboxEntry::notificationId)
                .containsExactly("n-mail-1");
    }

    @Test
    void should_leave_a_notification_deferred_again_before_the_relays_mark_to_the_relay() {
        pending("n-mail-1", "email", PLANNED.plusSeconds(30));
        List<OutboxEntry> due = relayWouldPublish(PLANNED.plusSeconds(31));
        jdbc.inTransaction(() -> store.defer("n-mail-1", PLANNED.plusSeconds(90), "frequency cap", PLANNED.plusSeconds(31)));

        marks.mark(List.of(due));

        assertThat(relayWouldPublish(PLANNED.plusSeconds(91))).extracting(OutboxEntry::notificationId)
                .containsExactly("n-mail-1");
    }

    private List<OutboxEntry> relayWouldPublish(Instant now) {
        return store.unpublished(List.of("email", "sms"), now.minus(GRACE), now, 100);
    }

    private void pending(String id, String channel, Instant notBefore) {
        OffsetDateTime planned = PLANNED.atOffset(ZoneOffset.UTC);
        jdbc.inTransaction(() -> jdbc.sql().sql("INSERT INTO notifications (notification_id, order_id, event_id,"
                        + " recipient, channel, template, locale, priority, status, attempts, not_before, created_at, updated_at)"
                        + " VALUES (?, 'SO-1', 'evt-1', 'buyer:u-1001', ?, 'order-shipped', 'en', 'HIGH', 'PENDING', 0, ?, ?, ?)")
                .params(id, channel, notBefore == null ? null : notBefore.atOffset(ZoneOffset.UTC), planned, planned)
                .update());
    }
}
