package io.ordercast.config;

import io.ordercast.amqp.NotifyQueues;
import io.ordercast.amqp.QueueType;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{notify-queues:<channel>}}} in a route file: the channel's queues, comma-separated, highest priority
 * first, as {@code ordercast.rabbitmq.queue-type} names them ({@link NotifyQueues}). The notify-channel template
 * consumes them. Camel finds this function by its name
 * (META-INF/services/org/apache/camel/properties-function/notify-queues).
 */
public class NotifyQueuesFunction implements PropertiesFunction, CamelContextAware {

    private CamelContext context;

    @Override
    public String getName() {
        return "notify-queues";
    }

    @Override
    public String apply(String channel) {
        QueueType type = QueueType.of(Settings.of(context).string("ordercast.rabbitmq.queue-type"));
        return String.join(",", new NotifyQueues(type).of(channel.trim()));
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }
}
