package io.ordercast.api;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.ordercast.db.Jdbc;
import io.ordercast.tracking.StateMachine;

/** The observed transition matrix of GET /api/analytics/transitions: counts of applied transitions and their shares per source state. */
public class TransitionAnalytics {

    /**
     * counts and probabilities: source state → target state → value. States, and the keys of both maps at both
     * levels, in the state machine's order ({@link StateMachine#states()}): the order a lifecycle meets them.
     */
    public record Matrix(Set<String> states, Map<String, Map<String, Long>> counts,
                         Map<String, Map<String, Double>> probabilities) {
    }

    private final Jdbc jdbc;
    private final StateMachine stateMachine;

    public TransitionAnalytics(Jdbc jdbc, StateMachine stateMachine) {
        this.jdbc = jdbc;
        this.stateMachine = stateMachine;
    }

    public Matrix transitions() {
        Comparator<String> order = stateMachine.stateOrder();
        Map<String, Map<String, Long>> counts = jdbc.inTransaction(() -> {
            Map<String, Map<String, Long>> result = new TreeMap<>(order);
            jdbc.sql().sql("SELECT from_state, state, COUNT(*) FROM order_events"
                            + " WHERE outcome = 'APPLIED' AND from_state IS NOT NULL GROUP BY from_state, state")
                    .query(rs -> {
                        result.computeIfAbsent(rs.getString(1), k -> new TreeMap<>(order)).put(rs.getString(2), rs.getLong(3));
                    });
            return result;
        });
        Map<String, Map<String, Double>> probabilities = new TreeMap<>(order);
        counts.forEach((from, row) -> {
            long total = row.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Double> shares = new TreeMap<>(order);
            row.forEach((to, n) -> shares.put(to, Math.round(n * 10000.0 / total) / 10000.0));
            probabilities.put(from, shares);
        });
        return new Matrix(stateMachine.states(), counts, probabilities);
    }
}
