package io.ordercast.tracking;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The order state machine as a table: for each state, the states it may move to.
 * {@value #NEW} is the pseudo-state of an order that has no event yet; the target
 * {@value #PREVIOUS} means "back to the state held before entering this one" (a declined refund).
 */
public final class StateMachine {

    public static final String NEW = "NEW";
    public static final String PREVIOUS = "PREVIOUS";

    private final Map<String, Set<String>> allowed;

    public StateMachine(Map<String, ? extends Iterable<String>> table) {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        table.forEach((from, targets) -> {
            Set<String> set = new LinkedHashSet<>();
            targets.forEach(set::add);
            copy.put(from, Collections.unmodifiableSet(set));
        });
        if (!copy.containsKey(NEW) || copy.get(NEW).isEmpty()) {
            throw new IllegalArgumentException("the state machine needs at least one transition from " + NEW);
        }
        this.allowed = Collections.unmodifiableMap(copy);
    }

    /** Parses "PAID, CANCELLED" style lists, one entry per source state; blank means terminal. */
    public static StateMachine fromProperties(Map<String, String> rows) {
        Map<String, List<String>> table = new LinkedHashMap<>();
        rows.forEach((from, to) -> table.put(from.trim().toUpperCase(), to == null || to.isBlank()
                ? List.of()
                : List.of(to.trim().toUpperCase().split("\\s*,\\s*"))));
        return new StateMachine(table);
    }

    /** The contract's default table (docs/contract.md §2). */
    public static StateMachine contractDefault() {
        Map<String, List<String>> table = new LinkedHashMap<>();
        table.put(NEW, List.of("CREATED"));
        table.put("CREATED", List.of("PAID", "CANCELLED"));
        table.put("PAID", List.of("SHIPPED", "CANCELLED", "REFUND_REQUESTED"));
        table.put("SHIPPED", List.of("COMPLETED", "REFUND_REQUESTED"));
        table.put("COMPLETED", List.of("REFUND_REQUESTED"));
        table.put("REFUND_REQUESTED", List.of("REFUNDED", PREVIOUS));
        table.put("CANCELLED", List.of());
        table.put("REFUNDED", List.of());
        return new StateMachine(table);
    }

    /**
     * @param current       the order's state, or null for an order with no applied event
     * @param previousState the state held before {@code current}, for {@value #PREVIOUS} targets
     */
    public boolean allows(String current, String previousState, String target) {
        Set<String> targets = allowed.getOrDefault(current == null ? NEW : current, Set.of());
        if (targets.contains(target)) {
            return true;
        }
        return targets.contains(PREVIOUS) && previousState != null && previousState.equals(target);
    }

    /**
     * Every real state named in the table, in the order a lifecycle meets them: a breadth-first walk from
     * {@value #NEW} that follows each row's targets in the order they are written; states the walk does not
     * reach come last, in name order.
     */
    public Set<String> states() {
        Set<String> ordered = new LinkedHashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(NEW));
        while (!queue.isEmpty()) {
            for (String target : allowed.getOrDefault(queue.poll(), Set.of())) {
                if (!NEW.equals(target) && !PREVIOUS.equals(target) && ordered.add(target)) {
                    queue.add(target);
                }
            }
        }
        Set<String> unreached = new TreeSet<>();
        allowed.forEach((from, targets) -> {
            unreached.add(from);
            unreached.addAll(targets);
        });
        unreached.remove(NEW);
        unreached.remove(PREVIOUS);
        unreached.removeAll(ordered);
        ordered.addAll(unreached);
        return Collections.unmodifiableSet(ordered);
    }

    /** Orders state names as {@link #states()} does; names the table does not know come after, in name order. */
    public Comparator<String> stateOrder() {
        List<String> order = List.copyOf(states());
        return Comparator.<String>comparingInt(state -> {
            int index = order.indexOf(state);
            return index < 0 ? order.size() : index;
        }).thenComparing(Comparator.naturalOrder());
    }

    public boolean isKnown(String state) {
        return states().contains(state);
    }
}
