package io.ordercast.tracking;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every transition of docs/contract.md §2, allowed and forbidden, against the default table. */
class StateMachineTest {

    private static final List<String> STATES = List.of(
            "CREATED", "PAID", "SHIPPED", "COMPLETED", "CANCELLED", "REFUND_REQUESTED", "REFUNDED");

    /** The contract's table, written out again here so the test does not read the code's copy. */
    private static final Map<String, Set<String>> CONTRACT = Map.of(
            "NEW", Set.of("CREATED"),
            "CREATED", Set.of("PAID", "CANCELLED"),
            "PAID", Set.of("SHIPPED", "CANCELLED", "REFUND_REQUESTED"),
            "SHIPPED", Set.of("COMPLETED", "REFUND_REQUESTED"),
            "COMPLETED", Set.of("REFUND_REQUESTED"),
            "REFUND_REQUESTED", Set.of("REFUNDED"),
            "CANCELLED", Set.of(),
            "REFUNDED", Set.of());

    private final StateMachine machine = StateMachine.contractDefault();

    static Stream<Arguments> everyPair() {
        return Stream.concat(Stream.of("NEW"), STATES.stream())
                .flatMap(from -> STATES.stream().map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void should_allow_exactly_the_contracts_transitions(String from, String to) {
        boolean expected = CONTRACT.get(from).contains(to);
        String current = "NEW".equals(from) ? null : from;
        // no previous state: the declined-refund return is tested on its own below
        assertThat(machine.allows(current, null, to)).as("%s -> %s", from, to).isEqualTo(expected);
    }

    @ParameterizedTest(name = "refund declined returns to {0}")
    @MethodSource("refundableStates")
    void should_allow_a_declined_refund_back_to_the_state_before_the_request(String before) {
        assertThat(machine.allows("REFUND_REQUESTED", before, before)).isTrue();
        STATES.stream().filter(s -> !s.equals(before) && !s.equals("REFUNDED"))
                .forEach(other -> assertThat(machine.allows("REFUND_REQUESTED", before, other))
                        .as("REFUND_REQUESTED (from %s) -> %s", before, other).isFalse());
    }

    static Stream<String> refundableStates() {
        return Stream.of("PAID", "SHIPPED", "COMPLETED");
    }

    @Test
    void should_know_the_seven_contract_states() {
        assertThat(machine.states()).containsExactlyInAnyOrderElementsOf(STATES);
    }

    @Test
    void should_list_the_states_in_the_order_a_lifecycle_meets_them() {
        assertThat(machine.states()).containsExactly(
                "CREATED", "PAID", "CANCELLED", "SHIPPED", "REFUND_REQUESTED", "COMPLETED", "REFUNDED");
    }

    @Test
    void should_keep_each_rows_written_order_when_the_rows_come_sorted_and_list_unreachable_states_last_by_name() {
        // Settings.withPrefix hands the rows over sorted by key; each row's value keeps its written order
        Map<String, String> rows = new java.util.TreeMap<>(Map.of(
                "NEW", "CREATED", "CREATED", "PAID, ON_HOLD", "ON_HOLD", "PAID", "PAID", "",
                "ZOMBIE", "LIMBO", "ARCHIVED", ""));

        assertThat(StateMachine.fromProperties(rows).states())
                .containsExactly("CREATED", "PAID", "ON_HOLD", "ARCHIVED", "LIMBO", "ZOMBIE");
    }

    @Test
    void should_read_a_configured_table_with_a_new_state() {
        StateMachine custom = StateMachine.fromProperties(Map.of(
                "NEW", "CREATED", "CREATED", "PAID, ON_HOLD", "ON_HOLD", "PAID", "PAID", ""));
        assertThat(custom.allows("CREATED", null, "ON_HOLD")).isTrue();
        assertThat(custom.allows("ON_HOLD", "CREATED", "PAID")).isTrue();
        assertThat(custom.allows("PAID", "CREATED", "CREATED")).isFalse();
        assertThat(custom.isKnown("ON_HOLD")).isTrue();
        assertThat(custom.isKnown("SHIPPED")).isFalse();
    }

    @Test
    void should_refuse_a_table_without_a_first_state() {
        assertThatThrownBy(() -> StateMachine.fromProperties(Map.of("CREATED", "PAID")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NEW");
    }
}
