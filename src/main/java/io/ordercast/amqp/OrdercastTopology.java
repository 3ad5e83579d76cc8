package io.ordercast.amqp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The exchanges, queues and bindings of contract.md §1, declared by one {@link RabbitAdmin}. The
 * admin also declares them again on every new connection (after a broker restart), which is why
 * they live in a small application context of their own: that is where RabbitAdmin looks.
 */
public final class OrdercastTopology {

    public static final String EVENTS_EXCHANGE = "order.events";
    public static final String EVENTS_QUEUE = "ordercast.order-events";
    public static final String EVENTS_BINDING = "order.#";
    public static final String INVALID_QUEUE = "ordercast.events.invalid";
    public static final String REJECTED_QUEUE = "ordercast.events.rejected";
    public static final String NOTIFY_QUEUE_PREFIX = "ordercast.notify.";
    public static final String DEAD_LETTER_QUEUE = "ordercast.notifications.dead";
    /**
     * Fan-out of final delivery results (SENT, FAILED), one small JSON each, for observers such as an ESB
     * (the Kamelet ordercast-notification-source); ordercast binds no queue to it.
     */
    public static final String RESULTS_EXCHANGE = "ordercast.notification-results";
    /** Message priorities run 1 (LOW) to 9 (HIGH). */
    public static final int NOTIFY_MAX_PRIORITY = 10;

    private final RabbitAdmin admin;
    private final GenericApplicationContext declarations;

    /** @param channels the notification channels that get a queue {@code ordercast.notify.<channel>} */
    public OrdercastTopology(ConnectionFactory connectionFactory, Collection<String> channels) {
        this.declarations = new GenericApplicationContext();
        declarations.registerBean("ordercastTopology", Declarables.class, () -> new Declarables(declarables(channels)));
        declarations.refresh();
        this.admin = new RabbitAdmin(connectionFactory);
        admin.setApplicationContext(declarations);
        admin.afterPropertiesSet();
    }

    /**
     * Adds channel queues found later (a consumer route of a channel outside ordercast.outbox.channels):
     * declared now, and again on every new connection like the rest.
     */
    public void addChannelQueues(Collection<String> channels) {
        List<Declarable> queues = new ArrayList<>();
        for (String channel : channels) {
            queues.add(channelQueue(channel));
        }
        declarations.getBeanFactory().registerSingleton("ordercastChannelQueues" + System.identityHashCode(queues),
                new Declarables(queues));
        admin.initialize();
    }

    /** Declares everything now; fails if the broker cannot be reached or refuses a declaration. */
    public void declare() {
        admin.initialize();
    }

    public RabbitAdmin admin() {
        return admin;
    }

    public void close() {
        declarations.close();
    }

    private static Queue channelQueue(String channel) {
        return QueueBuilder.durable(NOTIFY_QUEUE_PREFIX + channel).maxPriority(NOTIFY_MAX_PRIORITY).build();
    }

    static List<Declarable> declarables(Collection<String> channels) {
        List<Declarable> all = new ArrayList<>();
        TopicExchange events = new TopicExchange(EVENTS_EXCHANGE, true, false);
        Queue eventsQueue = QueueBuilder.durable(EVENTS_QUEUE).build();
        Binding binding = BindingBuilder.bind(eventsQueue).to(events).with(EVENTS_BINDING);
        all.add(events);
        all.add(eventsQueue);
        all.add(binding);
        all.add(QueueBuilder.durable(INVALID_QUEUE).build());
        all.add(QueueBuilder.durable(REJECTED_QUEUE).build());
        all.add(QueueBuilder.durable(DEAD_LETTER_QUEUE).build());
        all.add(new FanoutExchange(RESULTS_EXCHANGE, true, false));
        for (String channel : channels) {
            all.add(channelQueue(channel));
        }
        return all;
    }
}
