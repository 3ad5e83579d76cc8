package io.ordercast.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.ordercast.db.Jdbc;

/** SQL of the notifications table: planning, the outbox, claiming and final statuses. */
public class NotificationStore {

    /** A claim older than the timeout (?), or held by an instance not seen since (?). */
    private static final String ABANDONED_CLAIM = "(claimed_at < ? OR (claimed_by IS NOT NULL AND NOT EXISTS ("
            + "SELECT 1 FROM ordercast_instances i WHERE i.instance_id = notifications.claimed_by AND i.seen_at >= ?)))";

    /** A notification row as a channel consumer needs it, with the event it came from. */
    public record Row(String notificationId, String orderId, String eventId, String recipient, String channel,
                      String template, String locale, Priority priority, String status, int attempts,
                      String payload) {

        public String recipientRole() {
            int colon = recipient.indexOf(':');
            return colon < 0 ? recipient : recipient.substring(0, colon);
        }

        public String recipientId() {
            int colon = recipient.indexOf(':');
            return colon < 0 ? null : recipient.substring(colon + 1);
        }
    }

    /** What the outbox publishes: the id, and where to and how urgently. */
    public record OutboxEntry(String notificationId, String channel, Priority priority) {

        /** AMQP priority of the message in the channel's priority queue. */
        public int amqpPriority() {
            return switch (priority) {
                case HIGH -> 9;
                case NORMAL -> 5;
                case LOW -> 1;
            };
        }
    }

    private final Jdbc jdbc;

    public NotificationStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** @return whether the row is new (false: planned before, kept as it is) */
    boolean insertIfAbsent(Connection c, PlannedNotification n, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO notifications (notification_id, order_id, event_id, recipient, channel, template, locale,"
                        + " priority, status, attempts, last_error, not_before, created_at, updated_at)"
                        + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ? FROM (VALUES (1)) AS one(x)"
                        + " WHERE NOT EXISTS (SELECT 1 FROM notifications WHERE notification_id = ?)")) {
            ps.setString(1, n.notificationId());
            ps.setString(2, n.orderId());
            ps.setString(3, n.eventId());
            ps.setString(4, n.recipient());
            ps.setString(5, n.channel());
            ps.setString(6, n.template());
            ps.setString(7, n.locale());
            ps.setString(8, n.priority().name());
            ps.setString(9, n.status());
            ps.setString(10, n.reason());
            ps.setObject(11, n.notBefore() == null ? null : at(n.notBefore()));
            ps.setObject(12, at(now));
            ps.setObject(13, at(now));
            ps.setString(14, n.notificationId());
            return ps.executeUpdate() == 1;
        }
    }

    /** Suppresses still-pending notifications of an order from one template (a reminder made moot). */
    void suppressPending(Connection c, String orderId, String template, String reason, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE notifications SET status = 'SUPPRESSED', last_error = ?, updated_at = ?"
                        + " WHERE order_id = ? AND template = ? AND status = 'PENDING'")) {
            ps.setString(1, reason);
            ps.setObject(2, at(now));
            ps.setString(3, orderId);
            ps.setString(4, template);
            ps.executeUpdate();
        }
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
        String in = String.join(",", channels.stream().map(ch -> "?").toList());
        String select = "SELECT notification_id, channel, priority FROM notifications"
                + " WHERE status = 'PENDING' AND published_at IS NULL AND channel IN (" + in + ")";
        return jdbc.inTransaction(c -> {
            List<OutboxEntry> due = new ArrayList<>();
            due.addAll(entries(c, select + " AND not_before IS NULL AND created_at < ? ORDER BY created_at",
                    channels, List.of(at(plannedBefore)), limit));
            due.addAll(entries(c, select + " AND not_before <= ? ORDER BY not_before", channels, List.of(at(now)),
                    limit - due.size()));
            return due;
        });
    }

    private static List<OutboxEntry> entries(Connection c, String sql, Collection<String> channels, List<Object> bounds,
                                             int limit) throws SQLException {
        List<OutboxEntry> entries = new ArrayList<>();
        if (limit <= 0) {
            return entries;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (String channel : channels) {
                ps.setString(i++, channel);
            }
            for (Object bound : bounds) {
                ps.setObject(i++, bound);
            }
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new OutboxEntry(rs.getString(1), rs.getString(2), Priority.valueOf(rs.getString(3))));
                }
            }
        }
        return entries;
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
        String in = String.join(",", channels.stream().map(ch -> "?").toList());
        return jdbc.inTransaction(c -> {
            List<OutboxEntry> abandoned = entries(c, "SELECT notification_id, channel, priority FROM notifications"
                    + " WHERE status = 'PENDING' AND channel IN (" + in + ") AND claimed_at IS NOT NULL AND "
                    + ABANDONED_CLAIM + " ORDER BY claimed_at", channels, List.of(at(claimedBefore), at(ownerSilentSince)), limit);
            for (OutboxEntry entry : abandoned) {
                update(c, "UPDATE notifications SET claimed_at = NULL, claimed_by = NULL, published_at = NULL,"
                                + " updated_at = ? WHERE notification_id = ? AND claimed_at IS NOT NULL AND " + ABANDONED_CLAIM,
                        at(now), entry.notificationId(), at(claimedBefore), at(ownerSilentSince));
            }
            return abandoned;
        });
    }

    /** A consumer still working on a notification (retrying) says so, so its claim does not expire. */
    public void refreshClaim(String notificationId, Instant now) {
        update("UPDATE notifications SET claimed_at = ? WHERE notification_id = ? AND status = 'PENDING'"
                + " AND claimed_at IS NOT NULL", at(now), notificationId);
    }

    /** Releases a claim this instance holds, so the next consumer can take the notification at once. */
    public void releaseClaim(String notificationId, String self, Instant now) {
        update("UPDATE notifications SET claimed_at = NULL, claimed_by = NULL, updated_at = ? WHERE notification_id = ?"
                + " AND claimed_by = ? AND status = 'PENDING'", at(now), notificationId, self);
    }

    /** Marks notifications published to their queue, in one statement. */
    public void markPublished(Collection<String> notificationIds, Instant now) {
        if (notificationIds.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>();
        params.add(at(now));
        params.addAll(notificationIds);
        update("UPDATE notifications SET published_at = ? WHERE published_at IS NULL AND notification_id IN ("
                + String.join(",", notificationIds.stream().map(id -> "?").toList()) + ")", params.toArray());
    }

    /**
     * Takes a PENDING notification for sending, unless another consumer holds it (a second copy of
     * the queue message); a claim whose instance stopped beating, or older than {@code staleBefore}
     * when it has no owner, is taken over (its consumer died).
     */
    Optional<Row> claim(Connection c, String notificationId, String self, Instant now, Instant staleBefore,
                        Instant ownerSilentSince) throws SQLException {
        if (update(c, "UPDATE notifications SET claimed_at = ?, claimed_by = ?, updated_at = ?"
                        + " WHERE notification_id = ? AND status = 'PENDING' AND (claimed_at IS NULL OR " + ABANDONED_CLAIM + ")",
                at(now), self, at(now), notificationId, at(staleBefore), at(ownerSilentSince)) == 0) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT n.notification_id, n.order_id, n.event_id, n.recipient, n.channel, n.template, n.locale,"
                        + " n.priority, n.status, n.attempts, e.payload FROM notifications n"
                        + " JOIN order_events e ON e.event_id = n.event_id WHERE n.notification_id = ?")) {
            ps.setString(1, notificationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), Priority.valueOf(rs.getString(8)),
                        rs.getString(9), rs.getInt(10), rs.getString(11)));
            }
        }
    }

    /** @param tries how many times the transport was called for it this time (1 + redeliveries) */
    public void markSent(String notificationId, int tries, Instant now) {
        update("UPDATE notifications SET status = 'SENT', sent_at = ?, updated_at = ?, last_error = NULL,"
                + " attempts = attempts + ? WHERE notification_id = ? AND status = 'PENDING'",
                at(now), at(now), tries, notificationId);
    }

    public void markFailed(String notificationId, String reason, int tries, Instant now) {
        update("UPDATE notifications SET status = 'FAILED', last_error = ?, updated_at = ?, attempts = attempts + ?"
                + " WHERE notification_id = ? AND status = 'PENDING'", truncate(reason), at(now), tries, notificationId);
    }

    void markSuppressed(Connection c, String notificationId, String reason, Instant now) throws SQLException {
        update(c, "UPDATE notifications SET status = 'SUPPRESSED', last_error = ?, updated_at = ?"
                + " WHERE notification_id = ? AND status = 'PENDING'", truncate(reason), at(now), notificationId);
    }

    /** Puts a notification back to wait until {@code until}; the relay publishes it again then. */
    void defer(Connection c, String notificationId, Instant until, String reason, Instant now) throws SQLException {
        update(c, "UPDATE notifications SET not_before = ?, published_at = NULL, claimed_at = NULL, last_error = ?,"
                + " updated_at = ? WHERE notification_id = ? AND status = 'PENDING'",
                at(until), truncate(reason), at(now), notificationId);
    }

    /**
     * How many notifications went to the recipient on the channel since {@code since}, counted up to
     * {@code upTo} only: the cap needs no more, and a busy recipient then costs no more than a quiet one.
     */
    int sentSince(Connection c, String recipient, String channel, Instant since, int upTo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE recipient = ? AND channel = ?"
                        + " AND status = 'SENT' AND sent_at >= ? FETCH FIRST ? ROWS ONLY) AS recent")) {
            ps.setString(1, recipient);
            ps.setString(2, channel);
            ps.setObject(3, at(since));
            ps.setInt(4, upTo);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private void update(String sql, Object... params) {
        jdbc.inTransaction(c -> update(c, sql, params));
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String reason) {
        return reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 997) + "...";
    }
}
