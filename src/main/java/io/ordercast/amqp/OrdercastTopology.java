package io.ordercast.amqp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The exchanges, queues and bindings of docs/contract.md §5, declared by one {@link RabbitAdmin}. The
 * admin also declares them again on every new connection (after a broker restart), which is why
 * they live in a small application context of their own: that is where RabbitAdmin looks. Every queue is
 * classic or quorum ({@link QueueType}). Notifications have no queues: they are dispatched from the outbox table.
 */
public final class OrdercastTopology {

    private static final Logger LOG = LoggerFactory.getLogger(OrdercastTopology.class);

    public static final String EVENTS_EXCHANGE = "order.events";
    public static final String EVENTS_QUEUE = "ordercast.order-events";
    public static final String EVENTS_BINDING = "order.#";
    public static final String INVALID_QUEUE = "ordercast.events.invalid";
    public static final String REJECTED_QUEUE = "ordercast.events.rejected";
    public static final String DEAD_LETTER_QUEUE = "ordercast.notifications.dead";
    /**
     * Fan-out of final delivery results (SENT, FAILED), one small JSON each, for observers such as an ESB
     * (the Kamelet ordercast-notification-source); ordercast binds no queue to it.
     */
    public static final String RESULTS_EXCHANGE = "ordercast.notification-results";

    private final RabbitAdmin admin;
    private final GenericApplicationContext declarations;
    private final QueueType type;

    public OrdercastTopology(ConnectionFactory connectionFactory, QueueType type) {
        this.type = type;
        this.declarations = new GenericApplicationContext();
        declarations.registerBean("ordercastTopology", Declarables.class, () -> new Declarables(declarables(type)));
        declarations.refresh();
        this.admin = new RabbitAdmin(connectionFactory);
        admin.setApplicationContext(declarations);
        admin.afterPropertiesSet();
    }

    /**
     * Declares, once, what needs no channel list: the events' exchange and queues, the parking and dead-letter
     * queues, the results exchange. For a head start on a broker; a topology made later declares the same again,
     * with its channel queues, and on every new connection.
     */
    public static void declareFixed(ConnectionFactory connectionFactory, QueueType type) {
        RabbitAdmin admin = new RabbitAdmin(connectionFactory);
        for (Declarable declarable : declarables(type)) {
            if (declarable instanceof Exchange exchange) {
                admin.declareExchange(exchange);
            } else if (declarable instanceof Queue queue) {
                admin.declareQueue(queue);
            } else if (declarable instanceof Binding binding) {
                admin.declareBinding(binding);
            }
        }
    }

    /**
     * Declares everything now; fails if the broker cannot be reached or refuses a declaration, such as a
     * queue that exists with the other queue type (RabbitMQ cannot change a queue's type in place).
     */
    public void declare() {
        try {
            admin.initialize();
        } catch (RuntimeException e) {
            if (String.valueOf(rootMessage(e)).contains("x-queue-type")) {
                throw new IllegalStateException("RabbitMQ refused to declare ordercast's queues as "
                        + type.name().toLowerCase(Locale.ROOT)
                        + " queues: they exist with the other queue type (" + rootMessage(e) + "). A queue's type cannot"
                        + " change in place: drain and delete the queues first (docs/operations.md, \"Quorum queues\")", e);
            }
            throw e;
        }
    }

    /**
     * Removes the per-channel queues of earlier versions (ordercast.notify.&lt;channel&gt;, and .high, .normal, .low of
     * quorum queues): a message there only named a notification whose row is still PENDING in the outbox, from
     * which the channel's dispatchers now take it. Nothing is stranded.
     */
    public void retireChannelQueues(Collection<String> channels) {
        for (String channel : channels) {
            for (QueueType either : QueueType.values()) {
                for (String queue : new NotifyQueues(either).of(channel)) {
                    QueueInformation info = admin.getQueueInfo(queue);
                    if (info != null) {
                        admin.deleteQueue(queue);
                        LOG.info("Queue {} removed ({} messages): notifications are dispatched from the outbox table,"
                                + " where those are still PENDING", queue, info.getMessageCount());
                    }
                }
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    public RabbitAdmin admin() {
        return admin;
    }

    public void close() {
        declarations.close();
    }

    private static Queue durable(String name, QueueType type) {
        QueueBuilder queue = QueueBuilder.durable(name);
        return (type == QueueType.QUORUM ? queue.quorum() : queue).build();
    }

    static List<Declarable> declarables(QueueType type) {
        List<Declarable> all = new ArrayList<>();
        TopicExchange events = new TopicExchange(EVENTS_EXCHANGE, true, false);
        Queue eventsQueue = durable(EVENTS_QUEUE, type);
        Binding binding = BindingBuilder.bind(eventsQueue).to(events).with(EVENTS_BINDING);
        all.add(events);
        all.add(eventsQueue);
        all.add(binding);
        all.add(durable(INVALID_QUEUE, type));
        all.add(durable(REJECTED_QUEUE, type));
        all.add(durable(DEAD_LETTER_QUEUE, type));
        all.add(new FanoutExchange(RESULTS_EXCHANGE, true, false));
        return all;
    }
}
