package io.ordercast.amqp;

import java.util.List;
import java.util.Locale;

/**
 * The names of a channel's queues. Classic: one priority queue, {@code ordercast.notify.<channel>}. Quorum:
 * {@code ordercast.notify.<channel>.high}, {@code .normal} and {@code .low}, consumed high first
 * ({@code PriorityGate}).
 */
public record NotifyQueues(QueueType type) {

    public static final String PREFIX = "ordercast.notify.";
    /** The priorities of contract §3, highest first: the suffixes of a channel's quorum queues. */
    public static final List<String> LEVELS = List.of("high", "normal", "low");

    /** Every queue of the channel, highest priority first. */
    public List<String> of(String channel) {
        return type == QueueType.QUORUM ? LEVELS.stream().map(level -> PREFIX + channel + "." + level).toList()
                : List.of(PREFIX + channel);
    }

    /** The queue a notification of this priority (HIGH, NORMAL, LOW) goes to. */
    public String forPriority(String channel, String priority) {
        return type == QueueType.QUORUM ? PREFIX + channel + "." + priority.toLowerCase(Locale.ROOT) : PREFIX + channel;
    }

    /** The queues the other queue type would have: where messages are stranded after a switch. */
    public List<String> ofTheOtherType(String channel) {
        return new NotifyQueues(type == QueueType.QUORUM ? QueueType.CLASSIC : QueueType.QUORUM).of(channel);
    }
}
