package io.ordercast.plan;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.ordercast.channel.Priority;

/**
 * One line of the notification plan: who is told, on which channel, with which template and priority,
 * and after which delay (none: at once), or gathered into a digest of the recipient over {@code digest} (none: sent on
 * its own). Checked when it is made, so a typo in the router is an error at start-up rather than a notification
 * silently SUPPRESSED or failing at run time.
 */
public record PlanLine(String role, String channel, String template, Priority priority, Duration delay,
                       Duration digest) {

    public static final Set<String> ROLES = Set.of("buyer", "seller", "carrier");

    public PlanLine {
        if (role == null || !ROLES.contains(role)) {
            throw new IllegalArgumentException("unknown role '" + role + "' (known: " + sorted(ROLES) + ")");
        }
        if (channel == null || !channel.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("channel '" + channel + "' is not a channel name (lower case, digits, '-')");
        }
        if (template == null || !template.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("template '" + template + "' is not a template name (lower case, digits, '-')");
        }
        if (priority == null) {
            throw new IllegalArgumentException("no priority (one of " + Arrays.toString(Priority.values()) + ")");
        }
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("delay " + delay + " is negative");
        }
        if (digest != null && (digest.isNegative() || digest.isZero())) {
            throw new IllegalArgumentException("digest window " + digest + " is not positive");
        }
        if (digest != null && delay != null) {
            // a digest is already sent later, at the end of its window: a delay on top would have no clear meaning
            throw new IllegalArgumentException("a line takes delay= or digest=, not both");
        }
    }

    /** A line sent on its own. */
    public PlanLine(String role, String channel, String template, Priority priority, Duration delay) {
        this(role, channel, template, priority, delay, null);
    }

    /** The template a digest of this line is rendered with: {@code <template>-digest}. */
    public String digestTemplate() {
        return template + "-digest";
    }

    /** From the words of a route: role, channel and priority in any case, delay ISO-8601 or null. */
    public static PlanLine of(String role, String channel, String template, String priority, String delay) {
        return of(role, channel, template, priority, delay, null);
    }

    /** As {@link #of(String, String, String, String, String)}, with a digest window (ISO-8601) or null. */
    public static PlanLine of(String role, String channel, String template, String priority, String delay,
                              String digest) {
        return new PlanLine(lower(role), lower(channel), template, priority(priority), duration("delay", delay),
                duration("digest", digest));
    }

    private static Priority priority(String priority) {
        if (priority == null || priority.isBlank()) {
            throw new IllegalArgumentException("no priority (one of " + Arrays.toString(Priority.values()) + ")");
        }
        try {
            return Priority.valueOf(String.valueOf(priority).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown priority '" + priority + "' (known: "
                    + Arrays.toString(Priority.values()) + ")");
        }
    }

    private static Duration duration(String option, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " '" + value + "' is not an ISO-8601 duration such as P3D or PT2H");
        }
    }

    private static String lower(String word) {
        return word == null ? null : word.trim().toLowerCase(Locale.ROOT);
    }

    private static List<String> sorted(Set<String> words) {
        return List.copyOf(new TreeSet<>(words));
    }
}
