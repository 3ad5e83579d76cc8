package io.ordercast.digest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.ordercast.db.Jdbc;
import io.ordercast.dispatch.DeliveryResult;
import io.ordercast.observe.TraceContext;
import io.ordercast.plan.PlannedNotification;

import static io.ordercast.db.SqlValues.at;
import static io.ordercast.db.SqlValues.fitted;

/**
 * SQL of digests: the planner puts a notification of a digest line into the open window of its recipient, opening
 * the next window (a digests row and the digest's outbox row, due at the window's end) when there is none; the
 * claim of a digest's outbox row closes its window and reads its members; its result is written to the members.
 * The digest goes out through the channel's outbox like any notification: claims, retries, quiet hours, opt-outs,
 * dead letters and takeover apply to it unchanged. Every method runs in the caller's transaction.
 */
public class Digests {

    /** A notification of a digest, as the digest's message lists it: the event it came from. */
    public record Member(String notificationId, String orderId, String payload) {
    }

    private static final String INSERT_OUTBOX_ROW = "INSERT INTO notifications (notification_id, order_id, event_id,"
            + " recipient, channel, template, locale, priority, priority_rank, status, attempts, due_at, digest_id,"
            + " traceparent, tracestate, created_at, updated_at)"
            + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?, ?, ?, ? FROM (VALUES (1)) AS one(x)"
            + " WHERE NOT EXISTS (SELECT 1 FROM notifications WHERE notification_id = ?)";
    // no due time: a member is never claimed on its own
    private static final String INSERT_MEMBER = "INSERT INTO notifications (notification_id, order_id, event_id,"
            + " recipient, channel, template, locale, priority, priority_rank, status, attempts, due_at, digest_id,"
            + " traceparent, tracestate, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, NULL, ?, ?, ?, ?, ?)";
    /** Members still to be told how their digest went: not left out, not sent (FAILED ones go again on a replay). */
    private static final String IN_THE_DIGEST = "n.notification_id <> n.digest_id AND n.status IN ('PENDING', 'FAILED')";

    private final Jdbc jdbc;
    private final int maxItems;

    public Digests(Jdbc jdbc, int maxItems) {
        if (maxItems < 1) {
            throw new IllegalArgumentException("ordercast.digest.max-items must be at least 1, was " + maxItems);
        }
        this.jdbc = jdbc;
        this.maxItems = maxItems;
    }

    /**
     * Puts each PENDING notification of a digest line into its recipient's open window; one planned before (a
     * redelivered event) is left as it is. Returns the channels of digests that became full, due at once.
     */
    public Set<String> join(List<PlannedNotification> members, Map<String, TraceContext> traces, Instant now) {
        Set<String> dueNow = new HashSet<>();
        // windows are locked in one order by every planner, so two batches joining the same two windows do not
        // deadlock
        List<PlannedNotification> ordered = new ArrayList<>(members);
        ordered.sort(Comparator.comparing(PlannedNotification::recipient).thenComparing(PlannedNotification::channel)
                .thenComparing(PlannedNotification::template));
        for (PlannedNotification m : ordered) {
            if (exists(m.notificationId())) {
                continue;
            }
            TraceContext trace = traces.get(m.eventId());
            String digestId = joinOpenWindow(m, trace, now);
            jdbc.sql().sql(INSERT_MEMBER).params(m.notificationId(), m.orderId(), m.eventId(), m.recipient(), m.channel(),
                    m.template(), m.locale(), m.priority().name(), m.priority().rank(), digestId,
                    trace == null ? null : trace.traceparent(), trace == null ? null : trace.tracestate(), at(now), at(now))
                    .update();
            if (closeIfFull(digestId, now)) {
                dueNow.add(m.channel());
            }
        }
        return dueNow;
    }

    private boolean exists(String notificationId) {
        return jdbc.sql().sql("SELECT COUNT(*) FROM notifications WHERE notification_id = ?").param(notificationId)
                .query(Long.class).single() > 0;
    }

    // the window's row lock, taken by the update, orders this join against a claim closing the window (which
    // skips a locked window rather than waiting) and against another planner filling it
    private String joinOpenWindow(PlannedNotification m, TraceContext trace, Instant now) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<DigestWindow> latest = latest(m);
            DigestWindow window = latest.filter(w -> w.takes(now, maxItems))
                    .orElseGet(() -> open(m, latest.map(w -> w.round() + 1).orElse(1L), trace, now));
            int joined = jdbc.sql().sql("UPDATE digests SET items = items + 1, updated_at = ? WHERE digest_id = ?"
                            + " AND status = 'OPEN' AND items < ? AND window_end > ?")
                    .params(at(now), window.digestId(), maxItems, at(now)).update();
            if (joined == 1) {
                return window.digestId();
            }
        }
        // others kept filling or closing the windows in between: the batch's transaction is tried again
        throw new IllegalStateException("notification " + m.notificationId() + " found no open digest window");
    }

    private Optional<DigestWindow> latest(PlannedNotification m) {
        return jdbc.sql().sql("SELECT digest_id, window_round, window_end, items, status FROM digests WHERE recipient = ?"
                        + " AND channel = ? AND template = ? ORDER BY window_round DESC FETCH FIRST 1 ROWS ONLY")
                .params(m.recipient(), m.channel(), m.template())
                .query((rs, n) -> new DigestWindow(rs.getString(1), rs.getLong(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getInt(4), rs.getString(5)))
                .optional();
    }

    /** The window opened by {@code first}: its row and its outbox row, each once however many open it at once. */
    private DigestWindow open(PlannedNotification first, long round, TraceContext trace, Instant now) {
        String id = DigestWindow.id(first.recipient(), first.channel(), first.template(), round);
        Instant end = now.plus(first.digest());
        jdbc.sql().sql("INSERT INTO digests (digest_id, recipient, channel, template, window_round, window_start,"
                        + " window_end, items, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 'OPEN', ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(id, first.recipient(), first.channel(), first.template(), round, at(now), at(end), at(now))
                .update();
        // the digest's own row in the outbox, sent from the address in its first member's event
        jdbc.sql().sql(INSERT_OUTBOX_ROW).params(id, first.orderId(), first.eventId(), first.recipient(), first.channel(),
                first.template() + "-digest", first.locale(), first.priority().name(), first.priority().rank(), at(end), id,
                trace == null ? null : trace.traceparent(), trace == null ? null : trace.tracestate(), at(now), at(now), id)
                .update();
        return new DigestWindow(id, round, end, 0, DigestWindow.OPEN);
    }

    /** A window that reached max-items takes no more and is due now. */
    private boolean closeIfFull(String digestId, Instant now) {
        int full = jdbc.sql().sql("UPDATE digests SET status = 'FULL', updated_at = ? WHERE digest_id = ? AND status = 'OPEN'"
                        + " AND items >= ?")
                .params(at(now), digestId, maxItems).update();
        if (full == 0) {
            return false;
        }
        jdbc.sql().sql("UPDATE notifications SET due_at = ?, updated_at = ? WHERE notification_id = ? AND status = 'PENDING'")
                .params(at(now), at(now), digestId).update();
        return true;
    }

    /**
     * Closes the claimed digests' windows and reads what each lists, leaving out (SUPPRESSED, with the reason) the
     * members whose order was cancelled or refunded since. A digest whose window a planner is joining right now is
     * released, not waited for: it is claimed again at the next poll. Returns the members of each digest it closed.
     */
    public Map<String, List<Member>> close(Collection<String> digestIds, String self, Instant now) {
        Map<String, List<Member>> members = new LinkedHashMap<>();
        if (digestIds.isEmpty()) {
            return members;
        }
        List<String> locked = jdbc.sql().sql("SELECT digest_id FROM digests WHERE digest_id IN (" + placeholders(digestIds)
                        + ") FOR UPDATE SKIP LOCKED")
                .params(List.copyOf(digestIds)).query(String.class).list();
        List<String> busy = digestIds.stream().filter(id -> !locked.contains(id)).toList();
        if (!busy.isEmpty()) {
            jdbc.sql().sql("UPDATE notifications SET claimed_by = NULL, claimed_at = NULL WHERE claimed_by = ?"
                    + " AND notification_id IN (" + placeholders(busy) + ")").params(with(self, busy)).update();
        }
        if (locked.isEmpty()) {
            return members;
        }
        jdbc.sql().sql("UPDATE digests SET status = 'CLOSED', updated_at = ? WHERE status <> 'CLOSED' AND digest_id IN ("
                + placeholders(locked) + ")").params(with(at(now), locked)).update();
        jdbc.sql().sql("UPDATE notifications SET status = 'SUPPRESSED', updated_at = ?, last_error = (SELECT 'order '"
                        + " || o.state || ' before its digest was sent' FROM orders o WHERE o.order_id = notifications.order_id)"
                        + " WHERE digest_id IN (" + placeholders(locked) + ") AND notification_id <> digest_id"
                        + " AND status IN ('PENDING', 'FAILED') AND order_id IN (SELECT order_id FROM orders"
                        + " WHERE state IN ('CANCELLED', 'REFUNDED'))")
                .params(with(at(now), locked)).update();
        locked.forEach(id -> members.put(id, new ArrayList<>()));
        jdbc.sql().sql("SELECT n.digest_id, n.notification_id, n.order_id, e.payload FROM notifications n"
                        + " JOIN order_events e ON e.event_id = n.event_id WHERE n.digest_id IN (" + placeholders(locked) + ")"
                        + " AND " + IN_THE_DIGEST + " ORDER BY n.created_at, n.notification_id")
                .params(List.copyOf(locked))
                .query((rs, n) -> members.get(rs.getString(1)).add(new Member(rs.getString(2), rs.getString(3),
                        rs.getString(4))))
                .list();
        return members;
    }

    /**
     * Gives the members of each digest in {@code results} the digest's outcome: SENT, SUPPRESSED or FAILED with it
     * (a digest due again later leaves them waiting). No statement when no result is a digest's.
     */
    public void recordMembers(List<DeliveryResult> results, Instant now) {
        List<Object[]> rows = new ArrayList<>();
        for (DeliveryResult r : results) {
            if (!DigestWindow.isDigest(r.notificationId()) || r.kind() == DeliveryResult.Kind.LATER
                    || r.kind() == DeliveryResult.Kind.RELEASED) {
                continue;
            }
            Instant when = r.at() == null ? now : r.at();
            String reason = r.reason() == null ? null : fitted("digest " + r.notificationId() + ": " + r.reason());
            rows.add(new Object[] { r.kind().name(), reason, r.kind() == DeliveryResult.Kind.SENT ? at(when) : null,
                    at(when), r.notificationId() });
        }
        jdbc.batch("UPDATE notifications n SET status = ?, last_error = ?, sent_at = ?, updated_at = ?,"
                + " claimed_by = NULL, claimed_at = NULL WHERE n.digest_id = ? AND " + IN_THE_DIGEST, rows);
    }

    private static List<Object> with(Object first, List<?> rest) {
        List<Object> params = new ArrayList<>(rest.size() + 1);
        params.add(first);
        params.addAll(rest);
        return params;
    }

    private static String placeholders(Collection<?> values) {
        return String.join(",", values.stream().map(v -> "?").toList());
    }
}
