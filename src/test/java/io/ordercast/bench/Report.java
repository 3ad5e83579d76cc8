package io.ordercast.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The bench's one table, the ratios and the statement details, as printed and saved. */
final class Report {

    private final Map<String, String> rows = new LinkedHashMap<>();
    private final Map<String, Double> ratios = new LinkedHashMap<>();
    private final Map<Integer, Double> msPerEvent = new LinkedHashMap<>();
    private final List<String> details = new ArrayList<>();

    void row(String what, String figure) {
        rows.put(what, figure);
        Benchmark.say(what + ": " + figure);
    }

    void ratio(String name, double value) {
        ratios.put(name, value);
    }

    void scale(int stored, double ms) {
        msPerEvent.put(stored, ms);
    }

    void detail(String line) {
        details.add(line);
    }

    String print() {
        StringBuilder out = new StringBuilder();
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(10);
        out.append("\n| what").append(" ".repeat(width - 4)).append(" | figure |\n");
        out.append("|").append("-".repeat(width + 2)).append("|--------|\n");
        rows.forEach((what, figure) -> out.append("| ").append(what).append(" ".repeat(width - what.length()))
                .append(" | ").append(figure).append(" |\n"));
        out.append('\n');
        ratios.forEach((name, value) -> out.append(String.format(Locale.ROOT, "%s = %.2f%n", name, value)));
        if (msPerEvent.size() >= 2) {
            List<Map.Entry<Integer, Double>> sizes = new ArrayList<>(msPerEvent.entrySet());
            Map.Entry<Integer, Double> small = sizes.get(0);
            Map.Entry<Integer, Double> large = sizes.get(sizes.size() - 1);
            out.append(String.format(Locale.ROOT, "cost per event at %,d stored / at %,d stored = %.2f%n",
                    large.getKey(), small.getKey(), large.getValue() / small.getValue()));
        }
        out.append("\nstatements by total time (pg_stat_statements):\n");
        details.forEach(d -> out.append(d).append('\n'));
        return out.toString();
    }
}
