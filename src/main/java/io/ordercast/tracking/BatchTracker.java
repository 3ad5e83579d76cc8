package io.ordercast.tracking;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import io.ordercast.db.Jdbc;
import io.ordercast.observe.TraceContext;
import io.ordercast.tracking.OrderBatchStore.EventRow;
import io.ordercast.tracking.OrderStore.OrderRow;
import io.ordercast.tracking.OrderStore.StoredEvent;

/**
 * Decides a batch of events in one transaction: the batch's orders locked in order-id order, the events known
 * before found in one read, the state machine applied per order in sequence order in memory (held events of
 * the order, stored or from this batch, released as gaps close), then events, orders and the plan of every
 * APPLIED event written together, with batched statements. The plan runs inside the transaction, so an event
 * and its notifications commit together.
 */
public class BatchTracker {

    /** Orders events of one order: by sequence, unsequenced ones after, each group in arrival order. */
    private static final Comparator<Pending> BY_SEQUENCE = Comparator
            .comparing((Pending p) -> p.event.hasSequence() ? 0 : 1)
            .thenComparing(p -> p.event.hasSequence() ? p.event.sequence() : 0L)
            .thenComparing(p -> p.arrival)
            .thenComparingInt(p -> p.index);

    private final Jdbc jdbc;
    private final OrderStore store;
    private final OrderBatchStore batches;
    private final OrderDecisions decisions;
    private final Clock clock;

    public BatchTracker(Jdbc jdbc, OrderEventCodec codec, StateMachine stateMachine, Clock clock) {
        this.jdbc = jdbc;
        this.store = new OrderStore(jdbc, codec);
        this.batches = new OrderBatchStore(jdbc, store);
        this.decisions = new OrderDecisions(stateMachine);
        this.clock = clock;
    }

    /**
     * @param traces the trace context each event's message carried, by event id; held events released by this batch
     *               add theirs, as stored with them
     * @param plan   plans the APPLIED events inside the batch's transaction and returns the ids of those whose plan
     *               failed (their follow-up stays to do, for the sweeper)
     */
    public BatchResult track(List<OrderEvent> events, Map<String, TraceContext> traces,
                             Function<List<FollowUp>, Set<String>> plan) {
        if (events.isEmpty()) {
            return new BatchResult(List.of(), List.of());
        }
        return jdbc.inTransaction(() -> new Run(plan, traces).track(events));
    }

    /** The work of one attempt at the batch's transaction (a retried transaction starts a new one). */
    private final class Run {

        private final Function<List<FollowUp>, Set<String>> plan;
        private final Map<String, TraceContext> traces;
        private final Instant now = clock.instant();
        private long decisionsMade;
        private final List<EventRow> newRows = new ArrayList<>();
        private final List<EventRow> heldRowsDecided = new ArrayList<>();
        private final List<FollowUp> applied = new ArrayList<>();
        private final List<FollowUp> rejected = new ArrayList<>();
        private final List<TrackingResult> results = new ArrayList<>();
        private final List<String> pendingFromBefore = new ArrayList<>();

        Run(Function<List<FollowUp>, Set<String>> plan, Map<String, TraceContext> traces) {
            this.plan = plan;
            this.traces = traces;
        }

        BatchResult track(List<OrderEvent> events) {
            Map<String, List<Pending>> byOrder = new TreeMap<>();
            for (int i = 0; i < events.size(); i++) {
                byOrder.computeIfAbsent(events.get(i).orderId(), k -> new ArrayList<>()).add(new Pending(events.get(i), now, i, false));
            }
            Map<String, OrderRow> orders = batches.lockOrCreate(byOrder.keySet(), now);
            Set<String> known = batches.knownEventIds(events.stream().map(OrderEvent::eventId).distinct().toList());
            Map<String, List<StoredEvent>> stored = batches.heldEvents(byOrder.keySet(), traces);
            Map<String, OrderRow> moved = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            for (Map.Entry<String, List<Pending>> order : byOrder.entrySet()) {
                List<Pending> held = new ArrayList<>();
                stored.getOrDefault(order.getKey(), List.of()).forEach(e -> held.add(new Pending(e.event(), e.receivedAt(), -1, true)));
                OrderRow before = orders.get(order.getKey());
                OrderRow after = decide(before, order.getValue().stream().sorted(BY_SEQUENCE).toList(), held, known, seen);
                if (after != before) {
                    moved.put(after.orderId(), after);
                }
                for (Pending stillHeld : held) {
                    if (!stillHeld.stored) {
                        newRows.add(new EventRow(stillHeld.event, Outcome.HELD, stillHeld.heldFrom, stillHeld.reason, true, true,
                                now, null));
                        results.add(new TrackingResult(stillHeld.event.eventId(), stillHeld.event.orderId(), Outcome.HELD,
                                stillHeld.reason, List.of()));
                    }
                }
            }
            Set<String> unplanned = applied.isEmpty() ? Set.of() : plan.apply(List.copyOf(applied));
            batches.insertEvents(newRows.stream().map(r -> planned(r, unplanned)).toList(), traces);
            batches.decideHeld(heldRowsDecided.stream().map(r -> planned(r, unplanned)).toList());
            batches.updateOrders(moved.values(), now);
            for (String eventId : pendingFromBefore) {
                if (!unplanned.contains(eventId)) {
                    store.markFollowedUp(eventId);
                }
            }
            return new BatchResult(List.copyOf(results), List.copyOf(rejected));
        }

        private OrderRow decide(OrderRow order, List<Pending> events, List<Pending> held, Set<String> known, Set<String> seen) {
            for (Pending p : events) {
                OrderEvent event = p.event;
                if (known.contains(event.eventId()) || !seen.add(event.eventId())) {
                    duplicate(event);
                    continue;
                }
                OrderDecisions.Decision decision = decisions.decide(order, event);
                if (decision.outcome() == Outcome.HELD) {
                    p.reason = decision.reason();
                    p.heldFrom = order.state();
                    held.add(p);
                    held.sort(BY_SEQUENCE);
                    continue;
                }
                order = record(order, p, decision, false);
                if (decision.outcome() == Outcome.APPLIED) {
                    order = release(order, held);
                }
            }
            return order;
        }

        /** Decides held events again until none moves: each applied one may close the gap of the next. */
        private OrderRow release(OrderRow order, List<Pending> held) {
            boolean moved = true;
            while (moved) {
                moved = false;
                for (Pending p : List.copyOf(held)) {
                    OrderDecisions.Decision decision = decisions.decide(order, p.event);
                    if (decision.outcome() == Outcome.HELD) {
                        continue;
                    }
                    held.remove(p);
                    order = record(order, p, decision, true);
                    if (decision.outcome() == Outcome.APPLIED) {
                        moved = true;
                        break;
                    }
                }
            }
            return order;
        }

        private OrderRow record(OrderRow order, Pending p, OrderDecisions.Decision decision, boolean wasHeld) {
            Outcome outcome = decision.outcome();
            // one instant per decision, in decision order: the timeline lists events by it
            Instant decidedAt = now.plusNanos(1_000L * decisionsMade++);
            EventRow row = new EventRow(p.event, outcome, order.state(), decision.reason(), wasHeld,
                    outcome != Outcome.REJECTED, p.arrival, decidedAt);
            (p.stored ? heldRowsDecided : newRows).add(row);
            FollowUp followUp = new FollowUp(p.event, outcome, decision.fromState(), decision.reason());
            List<FollowUp> followUps = List.of();
            if (outcome == Outcome.APPLIED) {
                applied.add(followUp);
                long sequence = p.event.hasSequence() ? Math.max(order.sequence(), p.event.sequence()) : order.sequence();
                order = new OrderRow(order.orderId(), p.event.state(), sequence, order.state());
                followUps = List.of(followUp);
            } else if (outcome == Outcome.REJECTED) {
                rejected.add(followUp);
                followUps = List.of(followUp);
            }
            if (!p.stored) {
                results.add(new TrackingResult(p.event.eventId(), p.event.orderId(), outcome, decision.reason(), followUps));
            }
            return order;
        }

        /** A redelivery after a crash may find its after-work undone: it is done now. */
        private void duplicate(OrderEvent event) {
            List<FollowUp> undone = new ArrayList<>();
            for (StoredEvent e : store.pendingFollowUps(event.orderId())) {
                if (!e.outcome().needsFollowUp() || pendingFromBefore.contains(e.event().eventId())) {
                    continue;
                }
                FollowUp followUp = new FollowUp(e.event(), e.outcome(), e.fromState(), e.reason());
                undone.add(followUp);
                if (e.outcome() == Outcome.APPLIED) {
                    applied.add(followUp);
                    pendingFromBefore.add(e.event().eventId());
                } else {
                    rejected.add(followUp);
                }
            }
            results.add(new TrackingResult(event.eventId(), event.orderId(), Outcome.DUPLICATE,
                    "event " + event.eventId() + " was already received", undone));
        }

        private static EventRow planned(EventRow row, Set<String> unplanned) {
            if (row.outcome() != Outcome.APPLIED || !unplanned.contains(row.event().eventId())) {
                return row;
            }
            return new EventRow(row.event(), row.outcome(), row.fromState(), row.reason(), row.wasHeld(), false,
                    row.receivedAt(), row.decidedAt());
        }
    }

    /** An event of the batch, or a held one of an earlier batch ({@code stored}), waiting for its decision. */
    private static final class Pending {
        final OrderEvent event;
        final Instant arrival;
        final int index;
        final boolean stored;
        String reason;
        String heldFrom;

        Pending(OrderEvent event, Instant arrival, int index, boolean stored) {
            this.event = event;
            this.arrival = arrival;
            this.index = index;
            this.stored = stored;
        }
    }

    /** What a batch came to: each event's outcome, and the REJECTED events whose copy is still to publish. */
    public record BatchResult(List<TrackingResult> results, List<FollowUp> rejected) {
    }
}
