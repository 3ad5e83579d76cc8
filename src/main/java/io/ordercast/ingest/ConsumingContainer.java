package io.ordercast.ingest;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import com.rabbitmq.client.Channel;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.BlockingQueueConsumer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * A listener container that can tell whether the broker is delivering to it: one of its consumers holds a consumer
 * tag on an open channel. {@link #getActiveConsumerCount()} cannot tell: a consumer counts from the moment it has
 * a channel, before its basic.consume, and through the back-off after the broker refused it (a queue missing or held
 * by an exclusive consumer).
 */
final class ConsumingContainer extends SimpleMessageListenerContainer {

    // weak: the container drops the consumers it replaced after a failure, and so does this set
    private final Set<BlockingQueueConsumer> made = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    ConsumingContainer(ConnectionFactory connectionFactory) {
        super(connectionFactory);
    }

    @Override
    protected BlockingQueueConsumer createBlockingQueueConsumer() {
        BlockingQueueConsumer consumer = super.createBlockingQueueConsumer();
        made.add(consumer);
        return consumer;
    }

    boolean consuming() {
        if (!isActive()) {
            return false;
        }
        synchronized (made) {
            for (BlockingQueueConsumer consumer : made) {
                Channel channel = consumer.getChannel();
                // a tag is kept from consume-ok until the broker cancels the consumer or the consumer stops
                if (channel != null && channel.isOpen() && !consumer.getConsumerTags().isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }
}
