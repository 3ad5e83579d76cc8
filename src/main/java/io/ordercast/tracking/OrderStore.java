package io.ordercast.tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for orders and their events; every method runs inside the caller's transaction. */
final class OrderStore {

    record OrderRow(String orderId, String state, long sequence, String previousState) {
    }

    record StoredEvent(OrderEvent event, Outcome outcome, String fromState, String reason, Instant receivedAt) {
    }

    private final OrderEventCodec codec;

    OrderStore(OrderEventCodec codec) {
        this.codec = codec;
    }

    Optional<OrderRow> lockOrder(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT order_id, state, sequence, previous_state FROM orders WHERE order_id = ? FOR UPDATE")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new OrderRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
            }
        }
    }

    /** A concurrent insert of the same order fails with a unique violation; the transaction is then retried. */
    OrderRow insertOrder(Connection c, String orderId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO orders (order_id, state, sequence, updated_at) VALUES (?, NULL, 0, ?)")) {
            ps.setString(1, orderId);
            ps.setObject(2, at(now));
            ps.executeUpdate();
        }
        return new OrderRow(orderId, null, 0, null);
    }

    void updateOrder(Connection c, OrderRow order, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE orders SET state = ?, sequence = ?, previous_state = ?, updated_at = ?, version = version + 1"
                        + " WHERE order_id = ?")) {
            ps.setString(1, order.state());
            ps.setLong(2, order.sequence());
            ps.setString(3, order.previousState());
            ps.setObject(4, at(now));
            ps.setString(5, order.orderId());
            ps.executeUpdate();
        }
    }

    boolean eventExists(Connection c, String eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM order_events WHERE event_id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    void insertEvent(Connection c, OrderEvent e, Outcome outcome, String fromState, String reason, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO order_events (event_id, order_id, state, sequence, occurred_at, outcome, from_state, reason,"
                        + " was_held, followed_up, received_at, decided_at, payload)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.eventId());
            ps.setString(2, e.orderId());
            ps.setString(3, e.state());
            setLong(ps, 4, e.sequence());
            ps.setObject(5, at(e.occurredAt()));
            ps.setString(6, outcome.name());
            ps.setString(7, fromState);
            ps.setString(8, truncate(reason));
            ps.setBoolean(9, outcome == Outcome.HELD);
            ps.setBoolean(10, !outcome.needsFollowUp());
            ps.setObject(11, at(now));
            ps.setObject(12, outcome == Outcome.HELD ? null : at(now));
            ps.setString(13, e.payload());
            ps.executeUpdate();
        }
    }

    void decideHeldEvent(Connection c, String eventId, Outcome outcome, String fromState, String reason, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE order_events SET outcome = ?, from_state = ?, reason = ?, followed_up = ?, decided_at = ?"
                        + " WHERE event_id = ?")) {
            ps.setString(1, outcome.name());
            ps.setString(2, fromState);
            ps.setString(3, truncate(reason));
            ps.setBoolean(4, !outcome.needsFollowUp());
            ps.setObject(5, at(now));
            ps.setString(6, eventId);
            ps.executeUpdate();
        }
    }

    /** Held events of one order, the lowest sequence first, unsequenced ones last in arrival order. */
    List<StoredEvent> heldEvents(Connection c, String orderId) throws SQLException {
        return events(c, "SELECT event_id, order_id, state, sequence, occurred_at, payload, outcome, from_state, reason,"
                + " received_at FROM order_events WHERE order_id = ? AND outcome = 'HELD'"
                + " ORDER BY CASE WHEN sequence IS NULL THEN 1 ELSE 0 END, sequence, received_at", orderId);
    }

    List<StoredEvent> pendingFollowUps(Connection c, String orderId) throws SQLException {
        return events(c, "SELECT event_id, order_id, state, sequence, occurred_at, payload, outcome, from_state, reason,"
                + " received_at FROM order_events WHERE order_id = ? AND followed_up = FALSE"
                + " ORDER BY decided_at, received_at", orderId);
    }

    List<String> ordersWithHeldEventsBefore(Connection c, Instant cutoff, int limit) throws SQLException {
        return orderIds(c, "SELECT DISTINCT order_id FROM order_events WHERE outcome = 'HELD' AND received_at < ?",
                cutoff, limit);
    }

    List<String> ordersWithFollowUpsDecidedBefore(Connection c, Instant cutoff, int limit) throws SQLException {
        return orderIds(c, "SELECT DISTINCT order_id FROM order_events WHERE followed_up = FALSE AND decided_at < ?",
                cutoff, limit);
    }

    void markFollowedUp(Connection c, String eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE order_events SET followed_up = TRUE WHERE event_id = ?")) {
            ps.setString(1, eventId);
            ps.executeUpdate();
        }
    }

    private List<StoredEvent> events(Connection c, String sql, String orderId) throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OrderEvent event = codec.fromStored(rs.getString("event_id"), rs.getString("order_id"),
                            rs.getString("state"), (Long) rs.getObject("sequence", Long.class),
                            rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("payload"));
                    events.add(new StoredEvent(event, Outcome.valueOf(rs.getString("outcome")),
                            rs.getString("from_state"), rs.getString("reason"),
                            rs.getObject("received_at", OffsetDateTime.class).toInstant()));
                }
            }
        }
        return events;
    }

    private static List<String> orderIds(Connection c, String sql, Instant cutoff, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, at(cutoff));
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String reason) {
        return reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 997) + "...";
    }
}
