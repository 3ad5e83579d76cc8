package io.ordercast.amqp;

import java.util.Locale;

/**
 * How ordercast declares its queues ({@code ordercast.rabbitmq.queue-type}): the events' queue, the parking queues
 * and the dead letters. Quorum queues are replicated across a RabbitMQ cluster.
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
