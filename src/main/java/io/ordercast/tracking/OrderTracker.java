package io.ordercast.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.ordercast.db.Jdbc;
import io.ordercast.tracking.OrderStore.OrderRow;
import io.ordercast.tracking.OrderStore.StoredEvent;

/**
 * The hold sweeper's side of tracking (the ingest's batches are {@link BatchTracker}'s): decides held events whose
 * hold window has passed, with the order's row locked, and hands out follow-ups left undone by a crash.
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
        this.store = new OrderStore(jdbc, codec);
        this.decisions = new OrderDecisions(stateMachine);
        this.holdWindow = holdWindow;
        this.clock = clock;
    }

    /**
     * Decides held events older than the hold window (REJECTED unless they can be applied now), and
     * returns every follow-up that is still undone a while after its decision (a crash between the
     * tracking commit and the after-work), so that nothing waits forever.
     */
    public List<FollowUp> sweep() {
        Instant now = clock.instant();
        List<FollowUp> followUps = new ArrayList<>();
        List<String> heldOrders = jdbc.inTransaction(() -> store.ordersWithHeldEventsBefore(now.minus(holdWindow), SWEEP_BATCH));
        for (String orderId : heldOrders) {
            followUps.addAll(jdbc.inTransaction(() -> {
                OrderRow order = store.lockOrder(orderId).orElseThrow();
                List<FollowUp> decided = new ArrayList<>();
                releaseHeld(order, decided, clock.instant(), true);
                return decided;
            }));
        }
        Instant stuckBefore = now.minus(holdWindow);
        List<String> stuckOrders = jdbc.inTransaction(() -> store.ordersWithFollowUpsDecidedBefore(stuckBefore, SWEEP_BATCH));
        for (String orderId : stuckOrders) {
            List<FollowUp> stuck = jdbc.inTransaction(() -> followUps(store.pendingFollowUps(orderId)));
            stuck.stream().filter(f -> followUps.stream().noneMatch(o -> o.eventId().equals(f.eventId())))
                    .forEach(followUps::add);
        }
        return followUps;
    }

    /** Locks the order's row until the caller's transaction ends (the planner's, when it must not race). */
    public void lockOrder(String orderId) {
        store.lockOrder(orderId);
    }

    /** Called when an event's notifications are planned or its rejected copy is published. */
    public void markFollowedUp(String eventId) {
        // inside the planner's transaction it joins that one, so the after-work and the mark commit together
        jdbc.inTransaction(() -> store.markFollowedUp(eventId));
    }

    private OrderRow apply(OrderRow order, OrderEvent event, Instant now) {
        long sequence = event.hasSequence() ? Math.max(order.sequence(), event.sequence()) : order.sequence();
        OrderRow moved = new OrderRow(order.orderId(), event.state(), sequence, order.state());
        store.updateOrder(moved, now);
        return moved;
    }

    /**
     * Decides held events again until none moves: each applied one may close the gap of the next.
     * With {@code expire}, a held event past the hold window that still cannot be applied is rejected.
     */
    private OrderRow releaseHeld(OrderRow order, List<FollowUp> followUps, Instant now, boolean expire) {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (StoredEvent held : store.heldEvents(order.orderId())) {
                OrderDecisions.Decision decision = decisions.decide(order, held.event());
                boolean expired = expire && held.receivedAt().isBefore(now.minus(holdWindow));
                if (decision.outcome() == Outcome.HELD && !expired) {
                    continue;
                }
                Outcome outcome = decision.outcome() == Outcome.HELD ? Outcome.REJECTED : decision.outcome();
                String reason = decision.outcome() == Outcome.HELD
                        ? "held for " + holdWindow + " and still not applicable: " + decision.reason()
                        : decision.reason();
                store.decideHeldEvent(held.event().eventId(), outcome, order.state(), reason, now);
                if (outcome == Outcome.APPLIED) {
                    followUps.add(new FollowUp(held.event(), outcome, order.state(), null));
                    order = apply(order, held.event(), now);
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
