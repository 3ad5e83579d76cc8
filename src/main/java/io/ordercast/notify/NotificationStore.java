package io.ordercast.notify;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.ordercast.db.Jdbc;
import io.ordercast.observe.TraceContext;
import io.ordercast.tracking.OrderEvent;
import org.springframework.jdbc.core.RowMapper;

import static io.ordercast.db.SqlValues.at;
import static io.ordercast.db.SqlValues.fitted;
import static io.ordercast.db.SqlValues.instant;

/**
 * SQL of the notifications table, its only writer: planning (with the cancels that shape it), the outbox, claiming, final statuses and
 * dead-letter replays. Methods that are not public run inside the caller's transaction ({@link Jdbc#inTransaction}).
 */
public class NotificationStore {

    /** A claim older than the timeout (?), or held by an instance not seen since (?). */
    private static final String ABANDONED_CLAIM = "(claimed_at < ? OR (claimed_by IS NOT NULL AND NOT EXISTS ("
            + "SELECT 1 FROM ordercast_instances i WHERE i.instance_id = notifications.claimed_by AND i.seen_at >= ?)))";

    private static final String OUTBOX_COLUMNS = "notification_id, channel, priority, traceparent, tracestate, not_before";
    private static final RowMapper<OutboxEntry> OUTBOX_ENTRY = (rs, n) -> new OutboxEntry(rs.getString(1),
            rs.getString(2), Priority.valueOf(rs.getString(3)),
            rs.getString(4) == null ? null : new TraceContext(rs.getString(4), rs.getString(5)),
            instant(rs.getObject(6, OffsetDateTime.class)));

    /** A notification row as a channel consumer needs it, with the event it came from. */
    public record Row(String notificationId, String orderId, String eventId, String recipient, String channel,
                      String template, String locale, Priority priority, String status, int attempts,
                      String payload, String deviceToken) {

        public String recipientRole() {
            int colon = recipient.indexOf(':');
            return colon < 0 ? recipient : recipient.substring(0, colon);
        }

        public String recipientId() {
            int colon = recipient.indexOf(':');
            return colon < 0 ? null : recipient.substring(colon + 1);
        }
    }

    /**
     * What the outbox publishes: the id, and where to and how urgently; the message body. With tracing on, the
     * trace the notification was planned in (not in the body: it travels as the message's headers). {@code notBefore}
     * is the row's as the outbox read it (null: due at once): the published mark applies only while it is unchanged,
     * so a mark written after the consumer deferred the notification cannot hide it from the relay.
     */
    public record OutboxEntry(String notificationId, String channel, Priority priority, @JsonIgnore TraceContext trace,
                              @JsonIgnore Instant notBefore) {

        public OutboxEntry(String notificationId, String channel, Priority priority) {
            this(notificationId, channel, priority, null, null);
        }

        public OutboxEntry(String notificationId, String channel, Priority priority, TraceContext trace) {
            this(notificationId, channel, priority, trace, null);
        }

        /** AMQP priority of the message in the channel's priority queue. */
        public int amqpPriority() {
            return switch (priority) {
                case HIGH -> 9;
                case NORMAL -> 5;
                case LOW -> 1;
            };
        }
    }

    /** A notification's status and priority, as a dead-letter replay finds them. */
    record Status(String status, Priority priority) {
    }

    private final Jdbc jdbc;

    public NotificationStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** @return whether the row is new (false: planned before, kept as it is) */
    boolean insertIfAbsent(PlannedNotification n, TraceContext trace, Instant now) {
        return jdbc.sql().sql("INSERT INTO notifications (notification_id, order_id, event_id, recipient, channel, template,"
                        + " locale, priority, status, attempts, last_error, not_before, device_token, traceparent, tracestate,"
                        + " created_at, updated_at)"
                        + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ? FROM (VALUES (1)) AS one(x)"
                        + " WHERE NOT EXISTS (SELECT 1 FROM notifications WHERE notification_id = ?)")
                .params(n.notificationId(), n.orderId(), n.eventId(), n.recipient(), n.channel(), n.template(), n.locale(),
                        n.priority().name(), n.status(), n.reason(), at(n.notBefore()), n.deviceToken(),
                        trace == null ? null : trace.traceparent(), trace == null ? null : trace.tracestate(), at(now), at(now),
                        n.notificationId())
                .update() == 1;
    }

    /**
     * Remembers that {@code by} cancelled the order's notifications from one template, for an earlier event
     * whose planning runs after this one (see {@link #cancelOf}). Called under the order's lock.
     */
    void recordCancel(String orderId, String template, OrderEvent by, String reason, Instant now) {
        boolean known = jdbc.sql().sql("SELECT COUNT(*) FROM notification_cancels WHERE order_id = ? AND template = ?"
                        + " AND event_id = ?")
                .params(orderId, template, by.eventId()).query(Long.class).single() > 0;
        if (!known) {
            jdbc.sql().sql("INSERT INTO notification_cancels (order_id, template, event_id, sequence, occurred_at, reason,"
                            + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(orderId, template, by.eventId(), by.sequence(), at(by.occurredAt()), fitted(reason), at(now))
                    .update();
        }
    }

    /**
     * The reason a notification from this template, planned by {@code event}, was cancelled by a later event of
     * the order before it was planned; empty if none was. "Later" is by sequence when both events have one,
     * else by occurredAt. Called under the order's lock.
     */
    Optional<String> cancelOf(String orderId, String template, OrderEvent event) {
        return jdbc.sql().sql("SELECT sequence, occurred_at, reason FROM notification_cancels WHERE order_id = ?"
                        + " AND template = ?")
                .params(orderId, template)
                .query((rs, n) -> {
                    long sequence = rs.getLong(1);
                    Long by = rs.wasNull() ? null : sequence;
                    Instant occurredAt = rs.getObject(2, OffsetDateTime.class).toInstant();
                    boolean later = by != null && event.hasSequence() ? by > event.sequence()
                            : occurredAt.isAfter(event.occurredAt());
                    return later ? rs.getString(3) : null;
                })
                .list().stream().filter(Objects::nonNull).findFirst();
    }

    /** Suppresses still-pending notifications of an order from one template (a reminder made moot). */
    void suppressPending(String orderId, String template, String reason, Instant now) {
        jdbc.sql().sql("UPDATE notifications SET status = 'SUPPRESSED', last_error = ?, updated_at = ?"
                        + " WHERE order_id = ? AND template = ? AND status = 'PENDING'")
                .params(reason, at(now), orderId, template)
                .update();
    }

    /**
     * PENDING notifications that the relay should publish: unpublished ones planned before
     * {@code plannedBefore} (their publish after planning did not happen), and scheduled or deferred
     * ones that are due. Two range scans of notifications_outbox_due, so the cost follows what is
     * due, not the size of the table or of the waiting reminders.
     */
    public List<OutboxEntry> unpublished(Collection<String> channels, Instant plannedBefore, Instant now, int limit) {
        if (channels.isEmpty()) {
            return List.of();
        }
        String select = "SELECT " + OUTBOX_COLUMNS + " FROM notifications"
                + " WHERE status = 'PENDING' AND published_at IS NULL AND channel IN (" + placeholders(channels) + ")";
        return jdbc.inTransaction(() -> {
            List<OutboxEntry> due = new ArrayList<>(entries(select + " AND not_before IS NULL AND created_at < ?"
                    + " ORDER BY created_at", channels, List.of(at(plannedBefore)), limit));
            due.addAll(entries(select + " AND not_before <= ? ORDER BY not_before", channels, List.of(at(now)),
                    limit - due.size()));
            return due;
        });
    }

    private List<OutboxEntry> entries(String sql, Collection<String> channels, List<Object> bounds, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(channels);
        params.addAll(bounds);
        return jdbc.sqlReadingAtMost(limit).sql(sql).params(params).query(OUTBOX_ENTRY).list();
    }

    /**
     * PENDING notifications whose consumer took them and then went silent (killed mid-send): their
     * queue message is gone, so they are published again. A claim is abandoned when its instance
     * stopped beating ({@link Instances}), or, for a claim without an owner, after the claim timeout.
     * The claim is released in the same step, so the next consumer can take it.
     */
    public List<OutboxEntry> abandoned(Collection<String> channels, Instant claimedBefore, Instant ownerSilentSince,
                                       Instant now, int limit) {
        if (channels.isEmpty()) {
            return List.of();
        }
        return jdbc.inTransaction(() -> {
            List<OutboxEntry> abandoned = entries("SELECT " + OUTBOX_COLUMNS + " FROM notifications"
                    + " WHERE status = 'PENDING' AND channel IN (" + placeholders(channels) + ") AND claimed_at IS NOT NULL"
                    + " AND " + ABANDONED_CLAIM + " ORDER BY claimed_at", channels,
                    List.of(at(claimedBefore), at(ownerSilentSince)), limit);
            for (OutboxEntry entry : abandoned) {
                update("UPDATE notifications SET claimed_at = NULL, claimed_by = NULL, published_at = NULL,"
                                + " updated_at = ? WHERE notification_id = ? AND claimed_at IS NOT NULL AND " + ABANDONED_CLAIM,
                        at(now), entry.notificationId(), at(claimedBefore), at(ownerSilentSince));
            }
            return abandoned;
        });
    }

    /** A consumer still working on a notification (retrying) says so, so its claim does not expire. */
    public void refreshClaim(String notificationId, Instant now) {
        updateAlone("UPDATE notifications SET claimed_at = ? WHERE notification_id = ? AND status = 'PENDING'"
                + " AND claimed_at IS NOT NULL", at(now), notificationId);
    }

    /** Releases a claim this instance holds, so the next consumer can take the notification at once. */
    public void releaseClaim(String notificationId, String self, Instant now) {
        updateAlone("UPDATE notifications SET claimed_at = NULL, claimed_by = NULL, updated_at = ? WHERE notification_id = ?"
                + " AND claimed_by = ? AND status = 'PENDING'", at(now), notificationId, self);
    }

    /**
     * Marks notifications published to their queue, one statement per {@code notBefore} they were read with (the
     * router's are all due at once: one statement), in one transaction. Only a row still PENDING, unpublished and
     * with the same {@code not_before} is marked: a consumer that took the notification and deferred it in the
     * meantime reset both, and the relay must publish it again when it is due. A row already SENT is left alone.
     */
    public void markPublished(Collection<OutboxEntry> entries, Instant now) {
        if (entries.isEmpty()) {
            return;
        }
        Map<Optional<Instant>, List<String>> byNotBefore = entries.stream().collect(Collectors.groupingBy(
                entry -> Optional.ofNullable(entry.notBefore()), LinkedHashMap::new,
                Collectors.mapping(OutboxEntry::notificationId, Collectors.toList())));
        jdbc.inTransaction(() -> byNotBefore.forEach((notBefore, ids) -> {
            List<Object> params = new ArrayList<>();
            params.add(at(now));
            notBefore.ifPresent(instant -> params.add(at(instant)));
            params.addAll(ids);
            update("UPDATE notifications SET published_at = ? WHERE status = 'PENDING' AND published_at IS NULL"
                    + (notBefore.isPresent() ? " AND not_before = ?" : " AND not_before IS NULL")
                    + " AND notification_id IN (" + placeholders(ids) + ")", params.toArray());
        }));
    }

    /**
     * Takes a PENDING notification for sending, unless another consumer holds it (a second copy of
     * the queue message); a claim whose instance stopped beating, or older than {@code staleBefore}
     * when it has no owner, is taken over (its consumer died).
     */
    Optional<Row> claim(String notificationId, String self, Instant now, Instant staleBefore, Instant ownerSilentSince) {
        if (update("UPDATE notifications SET claimed_at = ?, claimed_by = ?, updated_at = ?"
                        + " WHERE notification_id = ? AND status = 'PENDING' AND (claimed_at IS NULL OR " + ABANDONED_CLAIM + ")",
                at(now), self, at(now), notificationId, at(staleBefore), at(ownerSilentSince)) == 0) {
            return Optional.empty();
        }
        return jdbc.sql().sql("SELECT n.notification_id, n.order_id, n.event_id, n.recipient, n.channel, n.template, n.locale,"
                        + " n.priority, n.status, n.attempts, e.payload, n.device_token FROM notifications n"
                        + " JOIN order_events e ON e.event_id = n.event_id WHERE n.notification_id = ?")
                .param(notificationId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), Priority.valueOf(rs.getString(8)),
                        rs.getString(9), rs.getInt(10), rs.getString(11), rs.getString(12)))
                .optional();
    }

    /** @param tries how many times the transport was called for it this time (1 + redeliveries) */
    public void markSent(String notificationId, int tries, Instant now) {
        updateAlone("UPDATE notifications SET status = 'SENT', sent_at = ?, updated_at = ?, last_error = NULL,"
                + " attempts = attempts + ? WHERE notification_id = ? AND status = 'PENDING'",
                at(now), at(now), tries, notificationId);
    }

    public void markFailed(String notificationId, String reason, int tries, Instant now) {
        updateAlone("UPDATE notifications SET status = 'FAILED', last_error = ?, updated_at = ?, attempts = attempts + ?"
                + " WHERE notification_id = ? AND status = 'PENDING'", fitted(reason), at(now), tries, notificationId);
    }

    void markSuppressed(String notificationId, String reason, Instant now) {
        update("UPDATE notifications SET status = 'SUPPRESSED', last_error = ?, updated_at = ?"
                + " WHERE notification_id = ? AND status = 'PENDING'", fitted(reason), at(now), notificationId);
    }

    /** Puts a notification back to wait until {@code until}; the relay publishes it again then. */
    void defer(String notificationId, Instant until, String reason, Instant now) {
        update("UPDATE notifications SET not_before = ?, published_at = NULL, claimed_at = NULL, last_error = ?,"
                + " updated_at = ? WHERE notification_id = ? AND status = 'PENDING'",
                at(until), fitted(reason), at(now), notificationId);
    }

    /**
     * How many notifications went to the recipient on the channel since {@code since}, counted up to
     * {@code upTo} only: the cap needs no more, and a busy recipient then costs no more than a quiet one.
     */
    int sentSince(String recipient, String channel, Instant since, int upTo) {
        return jdbc.sql().sql("SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE recipient = ? AND channel = ?"
                        + " AND status = 'SENT' AND sent_at >= ? FETCH FIRST ? ROWS ONLY) AS recent")
                .params(recipient, channel, at(since), upTo)
                .query(Integer.class).single();
    }

    /** The notification's status, its row locked until the caller's transaction ends; empty if there is none. */
    Optional<Status> lockForReplay(String notificationId) {
        return jdbc.sql().sql("SELECT status, priority FROM notifications WHERE notification_id = ? FOR UPDATE")
                .param(notificationId)
                .query((rs, n) -> new Status(rs.getString(1), Priority.valueOf(rs.getString(2))))
                .optional();
    }

    /** Puts a notification back to PENDING for the outbox, as new: unclaimed, unpublished, due now. */
    void requeue(String notificationId, String reason, Instant now) {
        update("UPDATE notifications SET status = 'PENDING', claimed_at = NULL, published_at = NULL, not_before = NULL,"
                + " last_error = ?, updated_at = ? WHERE notification_id = ?", reason, at(now), notificationId);
    }

    /** One statement in a transaction of its own. */
    private void updateAlone(String sql, Object... params) {
        jdbc.inTransaction(() -> update(sql, params));
    }

    private int update(String sql, Object... params) {
        return jdbc.sql().sql(sql).params(params).update();
    }

    private static String placeholders(Collection<?> values) {
        return String.join(",", values.stream().map(v -> "?").toList());
    }
}
