package io.ordercast.tracking;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.ordercast.db.Jdbc;
import io.ordercast.tracking.OrderStore.OrderRow;
import io.ordercast.tracking.OrderStore.StoredEvent;

/**
 * Decides each event's outcome against the state machine and records it, in one transaction per
 * event with the order's row locked, so that competing consumers and instances never interleave
 * on one order. Held events are kept in the database and decided again whenever the order moves.
 */
public class OrderTracker {

    private static final int SWEEP_BATCH = 100;

    private final Jdbc jdbc;
    private final OrderStore store;
    private final OrderDecisions decisions;
    private final Duration holdWindow;
    private final Clock clock;

    public OrderTracker(Jdbc jdbc, OrderEventCodec codec, StateMachine stateMachine, Duration holdWindow, Clock clock) {
        this.jdbc = jdbc;
        this.store = new OrderStore(codec);
        this.decisions = new OrderDecisions(stateMachine);
        this.holdWindow = holdWindow;
        this.clock = clock;
    }

    public TrackingResult track(OrderEvent event) {
        return jdbc.inTransaction(c -> {
            OrderRow order = lockOrCreate(c, event.orderId(), clock.instant());
            // read the clock only once the order is locked: decision times then follow the lock order,
            // and the timeline is listed by them
            Instant now = clock.instant();
            if (store.eventExists(c, event.eventId())) {
                // a redelivery after a crash may find its after-work undone: hand it out again
                return new TrackingResult(event.eventId(), event.orderId(), Outcome.DUPLICATE,
                        "event " + event.eventId() + " was already received",
                        followUps(store.pendingFollowUps(c, event.orderId())));
            }
            OrderDecisions.Decision decision = decisions.decide(order, event);
            store.insertEvent(c, event, decision.outcome(), order.state(), decision.reason(), now);
            List<FollowUp> followUps = new ArrayList<>();
            if (decision.outcome() == Outcome.APPLIED) {
                order = apply(c, order, event, now);
                followUps.add(new FollowUp(event, Outcome.APPLIED, decision.fromState(), null));
                order = releaseHeld(c, order, followUps, now, false);
            } else if (decision.outcome() == Outcome.REJECTED) {
                followUps.add(new FollowUp(event, Outcome.REJECTED, decision.fromState(), decision.reason()));
            }
            return new TrackingResult(event.eventId(), event.orderId(), decision.outcome(), decision.reason(), followUps);
        });
    }

    /**
     * Decides held events older than the hold window (REJECTED unless they can be applied now), and
     * returns every follow-up that is still undone a while after its decision (a crash between the
     * tracking commit and the after-work), so that nothing waits forever.
     */
    public List<FollowUp> sweep() {
        Instant now = clock.instant();
        List<FollowUp> followUps = new ArrayList<>();
        List<String> heldOrders = jdbc.inTransaction(c -> store.ordersWithHeldEventsBefore(c, now.minus(holdWindow), SWEEP_BATCH));
        for (String orderId : heldOrders) {
            followUps.addAll(jdbc.inTransaction(c -> {
                OrderRow order = store.lockOrder(c, orderId).orElseThrow();
                List<FollowUp> decided = new ArrayList<>();
                releaseHeld(c, order, decided, clock.instant(), true);
                return decided;
            }));
        }
        Instant stuckBefore = now.minus(holdWindow);
        List<String> stuckOrders = jdbc.inTransaction(c -> store.ordersWithFollowUpsDecidedBefore(c, stuckBefore, SWEEP_BATCH));
        for (String orderId : stuckOrders) {
            List<FollowUp> stuck = jdbc.inTransaction(c -> followUps(store.pendingFollowUps(c, orderId)));
            stuck.stream().filter(f -> followUps.stream().noneMatch(o -> o.eventId().equals(f.eventId())))
                    .forEach(followUps::add);
        }
        return followUps;
    }

    /** Called when an event's notifications are planned or its rejected copy is published. */
    public void markFollowedUp(String eventId) {
        jdbc.inTransaction(c -> {
            store.markFollowedUp(c, eventId);
            return null;
        });
    }

    /** Marks it within the caller's transaction, so the after-work and the mark commit together. */
    public void markFollowedUp(Connection c, String eventId) throws SQLException {
        store.markFollowedUp(c, eventId);
    }

    private OrderRow lockOrCreate(Connection c, String orderId, Instant now) throws SQLException {
        var existing = store.lockOrder(c, orderId);
        return existing.isPresent() ? existing.get() : store.insertOrder(c, orderId, now);
    }

    private OrderRow apply(Connection c, OrderRow order, OrderEvent event, Instant now) throws SQLException {
        long sequence = event.hasSequence() ? Math.max(order.sequence(), event.sequence()) : order.sequence();
        OrderRow moved = new OrderRow(order.orderId(), event.state(), sequence, order.state());
        store.updateOrder(c, moved, now);
        return moved;
    }

    /**
     * Decides held events again until none moves: each applied one may close the gap of the next.
     * With {@code expire}, a held event past the hold window that still cannot be applied is rejected.
     */
    private OrderRow releaseHeld(Connection c, OrderRow order, List<FollowUp> followUps, Instant now, boolean expire)
            throws SQLException {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (StoredEvent held : store.heldEvents(c, order.orderId())) {
                OrderDecisions.Decision decision = decisions.decide(order, held.event());
                boolean expired = expire && held.receivedAt().isBefore(now.minus(holdWindow));
                if (decision.outcome() == Outcome.HELD && !expired) {
                    continue;
                }
                Outcome outcome = decision.outcome() == Outcome.HELD ? Outcome.REJECTED : decision.outcome();
                String reason = decision.outcome() == Outcome.HELD
                        ? "held for " + holdWindow + " and still not applicable: " + decision.reason()
                        : decision.reason();
                store.decideHeldEvent(c, held.event().eventId(), outcome, order.state(), reason, now);
                if (outcome == Outcome.APPLIED) {
                    followUps.add(new FollowUp(held.event(), outcome, order.state(), null));
                    order = apply(c, order, held.event(), now);
                    moved = true;
                    break;
                }
                if (outcome == Outcome.REJECTED) {
                    followUps.add(new FollowUp(held.event(), outcome, order.state(), reason));
                }
            }
        }
        return order;
    }

    private static List<FollowUp> followUps(List<StoredEvent> events) {
        return events.stream()
                .filter(e -> e.outcome().needsFollowUp())
                .map(e -> new FollowUp(e.event(), e.outcome(), e.fromState(), e.reason()))
                .toList();
    }
}
