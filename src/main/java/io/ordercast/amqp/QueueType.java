package io.ordercast.amqp;

import java.util.Locale;

/**
 * How ordercast declares its queues ({@code ordercast.rabbitmq.queue-type}). Quorum queues are replicated
 * across a RabbitMQ cluster; on RabbitMQ 3.x they have no {@code x-max-priority}, so each channel then has one
 * queue per priority instead of one priority queue.
 */
public enum QueueType {
    CLASSIC, QUORUM;

    public static QueueType of(String setting) {
        try {
            return valueOf(setting.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ordercast.rabbitmq.queue-type is '" + setting
                    + "'; it must be classic or quorum");
        }
    }
}
