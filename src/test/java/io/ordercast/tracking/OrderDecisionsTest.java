package io.ordercast.tracking;

import java.time.Instant;

import io.ordercast.tracking.OrderStore.OrderRow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The outcome rules of docs/contract.md §2 for one event against one order. */
class OrderDecisionsTest {

    private final OrderDecisions decisions = new OrderDecisions(StateMachine.contractDefault());

    private static OrderRow order(String state, long sequence) {
        return new OrderRow("SO-1", state, sequence, null);
    }

    private static OrderEvent event(String state, Long sequence) {
        return new OrderEvent("e-" + state + sequence, "SO-1", state, sequence, Instant.now(), null, null, "{}");
    }

    @Test
    void should_apply_the_next_sequence_when_the_transition_is_allowed() {
        assertThat(decisions.decide(order("CREATED", 1), event("PAID", 2L)).outcome()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void should_call_an_old_sequence_stale() {
        var decision = decisions.decide(order("PAID", 2), event("CREATED", 1L));
        assertThat(decision.outcome()).isEqualTo(Outcome.STALE);
        assertThat(decision.reason()).contains("sequence 1").contains("2");
    }

    @Test
    void should_call_a_repeated_sequence_stale() {
        assertThat(decisions.decide(order("PAID", 2), event("SHIPPED", 2L)).outcome()).isEqualTo(Outcome.STALE);
    }

    @Test
    void should_hold_an_event_that_leaves_a_sequence_gap() {
        var decision = decisions.decide(order(null, 0), event("PAID", 2L));
        assertThat(decision.outcome()).isEqualTo(Outcome.HELD);
        assertThat(decision.reason()).contains("expected 1, got 2");
    }

    @Test
    void should_reject_at_once_a_next_sequence_whose_transition_is_not_allowed() {
        var decision = decisions.decide(order("CANCELLED", 2), event("SHIPPED", 3L));
        assertThat(decision.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(decision.reason()).isEqualTo("transition CANCELLED -> SHIPPED is not allowed");
    }

    @Test
    void should_hold_an_unsequenced_event_whose_transition_is_not_allowed_yet() {
        assertThat(decisions.decide(order("CREATED", 0), event("SHIPPED", null)).outcome()).isEqualTo(Outcome.HELD);
    }

    @Test
    void should_apply_an_unsequenced_event_whose_transition_is_allowed() {
        assertThat(decisions.decide(order(null, 0), event("CREATED", null)).outcome()).isEqualTo(Outcome.APPLIED);
    }
}
