package io.ordercast.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import io.ordercast.db.Jdbc;
import io.ordercast.observe.TraceContext;
import org.springframework.jdbc.core.RowMapper;

import static io.ordercast.db.SqlValues.at;
import static io.ordercast.db.SqlValues.fitted;

/** SQL for orders and their events; every method runs inside the caller's transaction ({@link Jdbc#inTransaction}). */
final class OrderStore {

    record OrderRow(String orderId, String state, long sequence, String previousState) {
    }

    record StoredEvent(OrderEvent event, Outcome outcome, String fromState, String reason, Instant receivedAt) {
    }

    private static final String EVENT_COLUMNS = "SELECT event_id, order_id, state, sequence, occurred_at, payload,"
            + " outcome, from_state, reason, received_at FROM order_events";

    private final Jdbc jdbc;
    private final RowMapper<StoredEvent> storedEvent;

    OrderStore(Jdbc jdbc, OrderEventCodec codec) {
        this.jdbc = jdbc;
        this.storedEvent = (rs, n) -> new StoredEvent(
                codec.fromStored(rs.getString("event_id"), rs.getString("order_id"), rs.getString("state"),
                        rs.getObject("sequence", Long.class), instant(rs, "occurred_at"), rs.getString("payload")),
                Outcome.valueOf(rs.getString("outcome")), rs.getString("from_state"), rs.getString("reason"),
                instant(rs, "received_at"));
    }

    Optional<OrderRow> lockOrder(String orderId) {
        return jdbc.sql().sql("SELECT order_id, state, sequence, previous_state FROM orders WHERE order_id = ? FOR UPDATE")
                .param(orderId)
                .query((rs, n) -> new OrderRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                .optional();
    }

    void updateOrder(OrderRow order, Instant now) {
        jdbc.sql().sql("UPDATE orders SET state = ?, sequence = ?, previous_state = ?, updated_at = ?, version = version + 1"
                        + " WHERE order_id = ?")
                .params(order.state(), order.sequence(), order.previousState(), at(now), order.orderId())
                .update();
    }

    void decideHeldEvent(String eventId, Outcome outcome, String fromState, String reason, Instant now) {
        jdbc.sql().sql("UPDATE order_events SET outcome = ?, from_state = ?, reason = ?, followed_up = ?, decided_at = ?"
                        + " WHERE event_id = ?")
                .params(outcome.name(), fromState, fitted(reason), !outcome.needsFollowUp(), at(now), eventId)
                .update();
    }

    /** Held events of one order, the lowest sequence first, unsequenced ones last in arrival order. */
    List<StoredEvent> heldEvents(String orderId) {
        return jdbc.sql().sql(EVENT_COLUMNS + " WHERE order_id = ? AND outcome = 'HELD'"
                        + " ORDER BY CASE WHEN sequence IS NULL THEN 1 ELSE 0 END, sequence, received_at")
                .param(orderId).query(storedEvent).list();
    }

    /**
     * Held events of several orders, each order's in the order {@link #heldEvents} gives; the trace context each
     * one's message carried goes into {@code traces}.
     */
    List<StoredEvent> heldEventsOf(java.util.Collection<String> orderIds, java.util.Map<String, TraceContext> traces) {
        return jdbc.sql().sql(EVENT_COLUMNS.replace(" FROM", ", traceparent, tracestate FROM") + " WHERE order_id IN ("
                        + OrderBatchStore.placeholders(orderIds) + ") AND outcome = 'HELD'"
                        + " ORDER BY order_id, CASE WHEN sequence IS NULL THEN 1 ELSE 0 END, sequence, received_at")
                .params(List.copyOf(orderIds))
                .query((rs, n) -> {
                    StoredEvent held = storedEvent.mapRow(rs, n);
                    if (rs.getString("traceparent") != null) {
                        traces.put(held.event().eventId(), new TraceContext(rs.getString("traceparent"), rs.getString("tracestate")));
                    }
                    return held;
                }).list();
    }

    List<StoredEvent> pendingFollowUps(String orderId) {
        return jdbc.sql().sql(EVENT_COLUMNS + " WHERE order_id = ? AND followed_up = FALSE ORDER BY decided_at, received_at")
                .param(orderId).query(storedEvent).list();
    }

    List<String> ordersWithHeldEventsBefore(Instant cutoff, int limit) {
        return jdbc.sqlReadingAtMost(limit)
                .sql("SELECT DISTINCT order_id FROM order_events WHERE outcome = 'HELD' AND received_at < ?")
                .param(at(cutoff)).query(String.class).list();
    }

    List<String> ordersWithFollowUpsDecidedBefore(Instant cutoff, int limit) {
        return jdbc.sqlReadingAtMost(limit)
                .sql("SELECT DISTINCT order_id FROM order_events WHERE followed_up = FALSE AND decided_at < ?")
                .param(at(cutoff)).query(String.class).list();
    }

    void markFollowedUp(String eventId) {
        jdbc.sql().sql("UPDATE order_events SET followed_up = TRUE WHERE event_id = ?").param(eventId).update();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
