package io.ordercast.plan;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.ordercast.channel.Priority;
import io.ordercast.db.Jdbc;
import io.ordercast.dispatch.DeliveryResult;
import io.ordercast.dispatch.Instances;
import io.ordercast.observe.TraceContext;
import io.ordercast.tracking.OrderEvent;

import static io.ordercast.db.SqlValues.at;
import static io.ordercast.db.SqlValues.fitted;

/**
 * SQL of the notifications table, its only writer: planning (with the cancels that shape it), the outbox, claiming, final statuses and
 * dead-letter replays. Every method runs inside the caller's transaction ({@link Jdbc#inTransaction}).
 */
public class NotificationStore {

    /** A notification row as a channel consumer needs it, with the event it came from. */
    public record Row(String notificationId, String orderId, String eventId, String recipient, String channel,
                      String template, String locale, Priority priority, String status, int attempts,
                      String payload, String deviceToken, int retries, Instant createdAt, TraceContext trace) {

        public String recipientRole() {
            int colon = recipient.indexOf(':');
            return colon < 0 ? recipient : recipient.substring(0, colon);
        }

        public String recipientId() {
            int colon = recipient.indexOf(':');
            return colon < 0 ? null : recipient.substring(colon + 1);
        }
    }

    /** A notification's status and priority, as a dead-letter replay finds them. */
    public record Status(String status, Priority priority) {
    }

    private final Jdbc jdbc;

    public NotificationStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT_IF_ABSENT = "INSERT INTO notifications (notification_id, order_id, event_id,"
            + " recipient, channel, template, locale, priority, priority_rank, status, attempts, last_error, not_before, due_at,"
            + " device_token, traceparent, tracestate, created_at, updated_at)"
            + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ? FROM (VALUES (1)) AS one(x)"
            + " WHERE NOT EXISTS (SELECT 1 FROM notifications WHERE notification_id = ?)";

    /** @return whether the row is new (false: planned before, kept as it is) */
    boolean insertIfAbsent(PlannedNotification n, TraceContext trace, Instant now) {
        return jdbc.sql().sql(INSERT_IF_ABSENT)
                .params(n.notificationId(), n.orderId(), n.eventId(), n.recipient(), n.channel(), n.template(), n.locale(),
                        n.priority().name(), n.priority().rank(), n.status(), n.reason(), at(n.notBefore()),
                        at(n.notBefore() == null ? now : n.notBefore()), n.deviceToken(),
                        trace == null ? null : trace.traceparent(), trace == null ? null : trace.tracestate(), at(now), at(now),
                        n.notificationId())
                .update() == 1;
    }

    /**
     * Inserts the notifications that are not there yet, in one JDBC batch: planning an event again (a redelivery
     * whose plan was recorded) keeps the rows as they are. Returns the channels of the rows it inserted PENDING
     * and due at once.
     */
    java.util.Set<String> insertAllIfAbsent(List<PlannedNotification> planned, Map<String, TraceContext> traces,
                                             Instant now) {
        List<Object[]> rows = new ArrayList<>(planned.size());
        for (PlannedNotification n : planned) {
            TraceContext trace = traces.get(n.eventId());
            rows.add(new Object[] { n.notificationId(), n.orderId(), n.eventId(), n.recipient(), n.channel(), n.template(),
                    n.locale(), n.priority().name(), n.priority().rank(), n.status(), n.reason(), at(n.notBefore()),
                    at(n.notBefore() == null ? now : n.notBefore()), n.deviceToken(),
                    trace == null ? null : trace.traceparent(), trace == null ? null : trace.tracestate(), at(now), at(now),
                    n.notificationId() });
        }
        int[] inserted = jdbc.batch(INSERT_IF_ABSENT, rows);
        java.util.Set<String> due = new java.util.HashSet<>();
        for (int i = 0; i < inserted.length; i++) {
            // a driver that cannot tell per row answers SUCCESS_NO_INFO (-2): wake the channel anyway
            if (inserted[i] != 0 && planned.get(i).publishNow()) {
                due.add(planned.get(i).channel());
            }
        }
        return due;
    }

    /** Every cancel recorded for the orders, for {@link #cancelOf(List, String, OrderEvent)}: one statement. */
    List<Cancel> cancelsOf(java.util.Collection<String> orderIds) {
        if (orderIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql().sql("SELECT order_id, template, sequence, occurred_at, reason FROM notification_cancels"
                        + " WHERE order_id IN (" + placeholders(orderIds) + ")")
                .params(List.copyOf(orderIds))
                .query((rs, n) -> {
                    long sequence = rs.getLong(3);
                    Long by = rs.wasNull() ? null : sequence;
                    return new Cancel(rs.getString(1), rs.getString(2), by, rs.getObject(4, OffsetDateTime.class).toInstant(),
                            rs.getString(5));
                })
                .list();
    }

    /** A later event's cancel of an order's notifications from one template. */
    record Cancel(String orderId, String template, Long sequence, Instant occurredAt, String reason) {

        /** Whether it came after {@code event}: by sequence when both have one, else by occurredAt. */
        boolean after(OrderEvent event) {
            return sequence != null && event.hasSequence() ? sequence > event.sequence() : occurredAt.isAfter(event.occurredAt());
        }
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
     * Claims up to {@code limit} due PENDING notifications of a channel for this instance, highest priority first,
     * then by due time and planning time: one range scan of notifications_due per priority, rows another
     * dispatcher has locked skipped. A claim whose instance stopped beating ({@link Instances}) is taken over.
     * The claim writes only columns no index holds (a HOT update on PostgreSQL). In the caller's transaction.
     */
    public List<String> claimDue(String channel, String self, Instant now, Instant ownerSilentSince, int limit) {
        List<String> claimed = new ArrayList<>();
        for (Priority priority : Priority.values()) {
            if (claimed.size() >= limit) {
                break;
            }
            claimed.addAll(jdbc.sql().sql("SELECT notification_id FROM notifications WHERE status = 'PENDING' AND channel = ?"
                            + " AND priority_rank = ? AND due_at <= ? AND (claimed_by IS NULL OR NOT EXISTS ("
                            + "SELECT 1 FROM ordercast_instances i WHERE i.instance_id = notifications.claimed_by AND i.seen_at >= ?))"
                            + " ORDER BY due_at, created_at FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED")
                    .params(channel, priority.rank(), at(now), at(ownerSilentSince), limit - claimed.size())
                    .query(String.class).list());
        }
        if (!claimed.isEmpty()) {
            List<Object> params = new ArrayList<>();
            params.add(self);
            params.add(at(now));
            params.addAll(claimed);
            update("UPDATE notifications SET claimed_by = ?, claimed_at = ? WHERE notification_id IN (" + placeholders(claimed)
                    + ")", params.toArray());
        }
        return claimed;
    }

    /**
     * Releases what this instance's claims of the given stamps hold still: claims whose commit was never
     * confirmed. A range of notifications_due (the channel's PENDING rows), not of the whole table.
     */
    public void releaseClaims(String channel, String self, List<Instant> stamps) {
        List<Object> params = new ArrayList<>();
        params.add(channel);
        params.add(self);
        stamps.forEach(stamp -> params.add(at(stamp)));
        update("UPDATE notifications SET claimed_by = NULL, claimed_at = NULL WHERE status = 'PENDING' AND channel = ?"
                + " AND claimed_by = ? AND claimed_at IN (" + placeholders(stamps) + ")", params.toArray());
    }

    /**
     * Takes the channel's frequency-cap lock until the transaction ends, so the cap decisions of one channel's
     * claims follow one another: each counts what the one before claimed. A channel added since the migration gets
     * its row now (two instances adding it at once: one insert fails on the key and its transaction is retried).
     */
    public void lockChannel(String channel) {
        String lockSql = "SELECT channel FROM dispatch_channels WHERE channel = ? FOR UPDATE";
        if (jdbc.sql().sql(lockSql).param(channel).query(String.class).optional().isEmpty()) {
            update("INSERT INTO dispatch_channels (channel) VALUES (?)", channel);
            jdbc.sql().sql(lockSql).param(channel).query(String.class).optional();
        }
    }

    /** The notifications with the events they came from, in the order asked for. */
    public List<Row> rows(List<String> notificationIds) {
        if (notificationIds.isEmpty()) {
            return List.of();
        }
        Map<String, Row> byId = new java.util.HashMap<>();
        jdbc.sql().sql("SELECT n.notification_id, n.order_id, n.event_id, n.recipient, n.channel, n.template, n.locale,"
                        + " n.priority, n.status, n.attempts, e.payload, n.device_token, n.retries, n.created_at, n.traceparent,"
                        + " n.tracestate FROM notifications n"
                        + " JOIN order_events e ON e.event_id = n.event_id WHERE n.notification_id IN (" + placeholders(notificationIds) + ")")
                .params(List.copyOf(notificationIds))
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), Priority.valueOf(rs.getString(8)),
                        rs.getString(9), rs.getInt(10), rs.getString(11), rs.getString(12), rs.getInt(13),
                        rs.getObject(14, OffsetDateTime.class).toInstant(),
                        rs.getString(15) == null ? null : new TraceContext(rs.getString(15), rs.getString(16))))
                .list().forEach(row -> byId.put(row.notificationId(), row));
        return notificationIds.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    /**
     * The frequency cap's count for a claimed batch, one statement: per recipient, the notifications sent on the
     * channel since {@code since}, and those another dispatcher has claimed and may be sending now (not counting
     * them would let two dispatchers each send up to the cap).
     */
    public Map<String, Integer> sentOrSendingSince(java.util.Collection<String> recipients, String channel, Instant since,
                                            java.util.Collection<String> claimedHere) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        if (recipients.isEmpty()) {
            return counts;
        }
        List<Object> params = new ArrayList<>(recipients);
        params.add(channel);
        params.add(at(since));
        params.addAll(claimedHere);
        jdbc.sql().sql("SELECT recipient, COUNT(*) FROM notifications WHERE recipient IN (" + placeholders(recipients) + ")"
                        // a digest counts once, not once per order it lists
                        + " AND channel = ? AND (digest_id IS NULL OR digest_id = notification_id)"
                        + " AND ((status = 'SENT' AND sent_at >= ?) OR (status = 'PENDING' AND claimed_by IS NOT NULL"
                        + (claimedHere.isEmpty() ? "" : " AND notification_id NOT IN (" + placeholders(claimedHere) + ")")
                        + ")) GROUP BY recipient")
                .params(params)
                .query((rs, n) -> counts.put(rs.getString(1), rs.getInt(2)))
                .list();
        return counts;
    }

    /**
     * Writes how a batch of claimed notifications ended, one JDBC batch per kind of result, each row only while it
     * is still PENDING; the claim is given up with it. In the caller's transaction.
     */
    public void record(List<DeliveryResult> results, Instant now) {
        Map<DeliveryResult.Kind, List<Object[]>> byKind = new java.util.EnumMap<>(DeliveryResult.Kind.class);
        for (DeliveryResult r : results) {
            Instant when = r.at() == null ? now : r.at();
            Object[] row = switch (r.kind()) {
                case SENT -> new Object[] { at(when), at(when), r.tries(), r.notificationId() };
                case SUPPRESSED -> new Object[] { fitted(r.reason()), at(when), r.notificationId() };
                case FAILED -> new Object[] { fitted(r.reason()), at(when), r.tries(), r.notificationId() };
                case LATER -> new Object[] { at(r.dueAt()), fitted(r.reason()), r.tries(), r.retriesSpent(), at(when),
                        r.notificationId() };
                case RELEASED -> new Object[] { r.notificationId() };
            };
            byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(row);
        }
        byKind.forEach((kind, rows) -> jdbc.batch(switch (kind) {
            case SENT -> "UPDATE notifications SET status = 'SENT', sent_at = ?, updated_at = ?, last_error = NULL,"
                    + " attempts = attempts + ?, claimed_by = NULL, claimed_at = NULL WHERE notification_id = ? AND status = 'PENDING'";
            case SUPPRESSED -> "UPDATE notifications SET status = 'SUPPRESSED', last_error = ?, updated_at = ?,"
                    + " claimed_by = NULL, claimed_at = NULL WHERE notification_id = ? AND status = 'PENDING'";
            case FAILED -> "UPDATE notifications SET status = 'FAILED', last_error = ?, updated_at = ?, attempts = attempts + ?,"
                    + " claimed_by = NULL, claimed_at = NULL WHERE notification_id = ? AND status = 'PENDING'";
            case LATER -> "UPDATE notifications SET due_at = ?, last_error = ?, attempts = attempts + ?, retries = retries + ?,"
                    + " updated_at = ?, claimed_by = NULL, claimed_at = NULL WHERE notification_id = ? AND status = 'PENDING'";
            // the claim alone: no indexed column changes
            case RELEASED -> "UPDATE notifications SET claimed_by = NULL, claimed_at = NULL WHERE notification_id = ?"
                    + " AND status = 'PENDING'";
        }, rows));
    }

    /** The notification's status, its row locked until the caller's transaction ends; empty if there is none. */
    public Optional<Status> lockForReplay(String notificationId) {
        return jdbc.sql().sql("SELECT status, priority FROM notifications WHERE notification_id = ? FOR UPDATE")
                .param(notificationId)
                .query((rs, n) -> new Status(rs.getString(1), Priority.valueOf(rs.getString(2))))
                .optional();
    }

    /** Puts a notification back to PENDING for the outbox, as new: unclaimed, due now, its retries unspent. */
    public void requeue(String notificationId, String reason, Instant now) {
        update("UPDATE notifications SET status = 'PENDING', claimed_at = NULL, claimed_by = NULL, not_before = NULL,"
                + " due_at = ?, retries = 0, last_error = ?, updated_at = ? WHERE notification_id = ?", at(now), reason, at(now),
                notificationId);
    }

    private int update(String sql, Object... params) {
        return jdbc.sql().sql(sql).params(params).update();
    }

    private static String placeholders(Collection<?> values) {
        return String.join(",", values.stream().map(v -> "?").toList());
    }
}
