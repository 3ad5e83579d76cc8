package io.ordercast.tracking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ordercast.db.Jdbc;
import io.ordercast.observe.TraceContext;
import io.ordercast.tracking.OrderStore.OrderRow;
import io.ordercast.tracking.OrderStore.StoredEvent;

import static io.ordercast.db.SqlValues.at;
import static io.ordercast.db.SqlValues.fitted;

/**
 * The statements of a batch of events: each reads or writes the rows of every order and event of the batch
 * at once (an IN list, or a JDBC batch), so a batch costs a handful of statements, not a few per event. Runs
 * inside the caller's transaction.
 */
final class OrderBatchStore {

    /** An event's row as the batch writes it. */
    record EventRow(OrderEvent event, Outcome outcome, String fromState, String reason, boolean wasHeld,
                    boolean followedUp, Instant receivedAt, Instant decidedAt) {
    }

    private final Jdbc jdbc;
    private final OrderStore store;

    OrderBatchStore(Jdbc jdbc, OrderStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    /**
     * The orders' rows, locked in order-id order (every instance locks in the same order, so two batches
     * never wait for each other in a circle); an order without a row gets one.
     */
    Map<String, OrderRow> lockOrCreate(Collection<String> sortedOrderIds, Instant now) {
        Map<String, OrderRow> orders = new LinkedHashMap<>();
        jdbc.sql().sql("SELECT order_id, state, sequence, previous_state FROM orders WHERE order_id IN ("
                        + placeholders(sortedOrderIds) + ") ORDER BY order_id FOR UPDATE")
                .params(List.copyOf(sortedOrderIds))
                .query((rs, n) -> new OrderRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                .list().forEach(row -> orders.put(row.orderId(), row));
        List<Object[]> missing = new ArrayList<>();
        for (String orderId : sortedOrderIds) {
            if (!orders.containsKey(orderId)) {
                orders.put(orderId, new OrderRow(orderId, null, 0, null));
                missing.add(new Object[] { orderId, at(now) });
            }
        }
        // two instances creating one order: the second insert fails on the key and its whole batch is retried
        jdbc.batch("INSERT INTO orders (order_id, state, sequence, updated_at) VALUES (?, NULL, 0, ?)", missing);
        return orders;
    }

    Set<String> knownEventIds(Collection<String> eventIds) {
        return new HashSet<>(jdbc.sql().sql("SELECT event_id FROM order_events WHERE event_id IN (" + placeholders(eventIds) + ")")
                .params(List.copyOf(eventIds)).query(String.class).list());
    }

    /**
     * Held events of the orders, per order, the lowest sequence first, unsequenced ones last in arrival order; the
     * trace context each one's message carried goes into {@code traces}.
     */
    Map<String, List<StoredEvent>> heldEvents(Collection<String> orderIds, Map<String, TraceContext> traces) {
        Map<String, List<StoredEvent>> held = new LinkedHashMap<>();
        store.heldEventsOf(orderIds, traces).forEach(e -> held.computeIfAbsent(e.event().orderId(), k -> new ArrayList<>()).add(e));
        return held;
    }

    /** @param traces the trace context of each event's message, kept with a held event for when it is released */
    void insertEvents(List<EventRow> rows, Map<String, TraceContext> traces) {
        List<Object[]> params = new ArrayList<>(rows.size());
        for (EventRow r : rows) {
            OrderEvent e = r.event();
            TraceContext trace = r.outcome() == Outcome.HELD ? traces.get(e.eventId()) : null;
            params.add(new Object[] { e.eventId(), e.orderId(), e.state(), e.sequence(), at(e.occurredAt()),
                    r.outcome().name(), r.fromState(), fitted(r.reason()), r.wasHeld(), r.followedUp(), at(r.receivedAt()),
                    at(r.decidedAt()), e.payload(), trace == null ? null : trace.traceparent(),
                    trace == null ? null : trace.tracestate() });
        }
        jdbc.batch("INSERT INTO order_events (event_id, order_id, state, sequence, occurred_at, outcome, from_state, reason,"
                + " was_held, followed_up, received_at, decided_at, payload, traceparent, tracestate)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", params);
    }

    /** Held events of earlier batches that this one decided. */
    void decideHeld(List<EventRow> rows) {
        List<Object[]> params = new ArrayList<>(rows.size());
        for (EventRow r : rows) {
            params.add(new Object[] { r.outcome().name(), r.fromState(), fitted(r.reason()), r.followedUp(),
                    at(r.decidedAt()), r.event().eventId() });
        }
        jdbc.batch("UPDATE order_events SET outcome = ?, from_state = ?, reason = ?, followed_up = ?, decided_at = ?"
                + " WHERE event_id = ?", params);
    }

    void updateOrders(Collection<OrderRow> orders, Instant now) {
        List<Object[]> params = new ArrayList<>(orders.size());
        for (OrderRow o : orders) {
            params.add(new Object[] { o.state(), o.sequence(), o.previousState(), at(now), o.orderId() });
        }
        jdbc.batch("UPDATE orders SET state = ?, sequence = ?, previous_state = ?, updated_at = ?, version = version + 1"
                + " WHERE order_id = ?", params);
    }

    static String placeholders(Collection<?> values) {
        return String.join(",", values.stream().map(v -> "?").toList());
    }
}
