package io.ordercast.amqp;

import java.util.List;

/**
 * The names of the channel queues of earlier versions, which notifications went through before they were
 * dispatched from the outbox table: classic, one priority queue {@code ordercast.notify.<channel>}; quorum,
 * {@code ordercast.notify.<channel>.high}, {@code .normal} and {@code .low}. Kept to remove them
 * ({@link OrdercastTopology#retireChannelQueues}).
 */
public record NotifyQueues(QueueType type) {

    public static final String PREFIX = "ordercast.notify.";
    /** The priorities of docs/contract.md §3, highest first: the suffixes of a channel's quorum queues. */
    public static final List<String> LEVELS = List.of("high", "normal", "low");

    /** Every queue of the channel, highest priority first. */
    public List<String> of(String channel) {
        return type == QueueType.QUORUM ? LEVELS.stream().map(level -> PREFIX + channel + "." + level).toList()
                : List.of(PREFIX + channel);
    }

}
