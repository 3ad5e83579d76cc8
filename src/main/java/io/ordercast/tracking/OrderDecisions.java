package io.ordercast.tracking;

import io.ordercast.tracking.OrderStore.OrderRow;

/** The outcome rules of docs/contract.md §2, free of storage: what one event does to one order. */
final class OrderDecisions {

    record Decision(Outcome outcome, String fromState, String reason) {
    }

    private final StateMachine stateMachine;

    OrderDecisions(StateMachine stateMachine) {
        this.stateMachine = stateMachine;
    }

    Decision decide(OrderRow order, OrderEvent event) {
        String from = order.state();
        String transition = (from == null ? StateMachine.NEW : from) + " -> " + event.state();
        boolean allowed = stateMachine.allows(from, order.previousState(), event.state());
        if (event.hasSequence()) {
            long current = order.sequence();
            if (event.sequence() <= current) {
                return new Decision(Outcome.STALE, from,
                        "sequence " + event.sequence() + " is not after the order's sequence " + current);
            }
            if (event.sequence() > current + 1) {
                return new Decision(Outcome.HELD, from,
                        "sequence gap: expected " + (current + 1) + ", got " + event.sequence());
            }
            return allowed
                    ? new Decision(Outcome.APPLIED, from, null)
                    : new Decision(Outcome.REJECTED, from, "transition " + transition + " is not allowed");
        }
        return allowed
                ? new Decision(Outcome.APPLIED, from, null)
                : new Decision(Outcome.HELD, from, "transition " + transition + " is not allowed yet");
    }
}
