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
 * The exchanges, queues and bindings of contract.md §1, declared by one {@link RabbitAdmin}. The
 * admin also declares them again on every new connection (after a broker restart), which is why
 * they live in a small application context of their own: that is where RabbitAdmin looks. Every queue is
 * classic or quorum ({@link QueueType}); the channel queues' names follow from that ({@link NotifyQueues}).
 */
public final class OrdercastTopology {

    private static final Logger LOG = LoggerFactory.getLogger(OrdercastTopology.class);

    public static final String EVENTS_EXCHANGE = "order.events";
    public static final String EVENTS_QUEUE = "ordercast.order-events";
    public static final String EVENTS_BINDING = "order.#";
    public static final String INVALID_QUEUE = "ordercast.events.invalid";
    public static final String REJECTED_QUEUE = "ordercast.events.rejected";
    public static final String NOTIFY_QUEUE_PREFIX = NotifyQueues.PREFIX;
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
    private final NotifyQueues notifyQueues;

    /** @param channels the notification channels that get their queues ({@link NotifyQueues#of}) */
    public OrdercastTopology(ConnectionFactory connectionFactory, Collection<String> channels, QueueType type) {
        this.notifyQueues = new NotifyQueues(type);
        this.declarations = new GenericApplicationContext();
        declarations.registerBean("ordercastTopology", Declarables.class,
                () -> new Declarables(declarables(channels, notifyQueues)));
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
        for (Declarable declarable : declarables(List.of(), new NotifyQueues(type))) {
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
     * Adds channel queues found later (a consumer route of a channel outside ordercast.outbox.channels):
     * declared now, and again on every new connection like the rest.
     */
    public void addChannelQueues(Collection<String> channels) {
        List<Declarable> queues = new ArrayList<>();
        for (String channel : channels) {
            queues.addAll(channelQueues(channel, notifyQueues));
        }
        declarations.getBeanFactory().registerSingleton("ordercastChannelQueues" + System.identityHashCode(queues),
                new Declarables(queues));
        admin.initialize();
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
                        + notifyQueues.type().name().toLowerCase(Locale.ROOT)
                        + " queues: they exist with the other queue type (" + rootMessage(e) + "). A queue's type cannot"
                        + " change in place: drain and delete the queues first (docs/operations.md, \"Quorum queues\")", e);
            }
            throw e;
        }
    }

    /**
     * Warns of notifications left in the other queue type's channel queues, which nothing consumes after a
     * switch of ordercast.rabbitmq.queue-type.
     */
    public void warnOfStrandedNotifications(Collection<String> channels) {
        for (String channel : channels) {
            for (String queue : notifyQueues.ofTheOtherType(channel)) {
                QueueInformation info = admin.getQueueInfo(queue);
                if (info != null && info.getMessageCount() > 0) {
                    LOG.warn("Queue {} still holds {} notifications that nothing consumes with ordercast.rabbitmq.queue-type={}:"
                                    + " move them (shovel) to {} (docs/operations.md, \"Quorum queues\")", queue,
                            info.getMessageCount(), notifyQueues.type().name().toLowerCase(Locale.ROOT),
                            String.join(", ", notifyQueues.of(channel)));
                }
            }
        }
    }

    public NotifyQueues notifyQueues() {
        return notifyQueues;
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

    private static List<Queue> channelQueues(String channel, NotifyQueues names) {
        return names.of(channel).stream().map(name -> names.type() == QueueType.QUORUM
                ? durable(name, QueueType.QUORUM)
                : QueueBuilder.durable(name).maxPriority(NOTIFY_MAX_PRIORITY).build()).toList();
    }

    private static Queue durable(String name, QueueType type) {
        QueueBuilder queue = QueueBuilder.durable(name);
        return (type == QueueType.QUORUM ? queue.quorum() : queue).build();
    }

    static List<Declarable> declarables(Collection<String> channels, NotifyQueues names) {
        List<Declarable> all = new ArrayList<>();
        TopicExchange events = new TopicExchange(EVENTS_EXCHANGE, true, false);
        Queue eventsQueue = durable(EVENTS_QUEUE, names.type());
        Binding binding = BindingBuilder.bind(eventsQueue).to(events).with(EVENTS_BINDING);
        all.add(events);
        all.add(eventsQueue);
        all.add(binding);
        all.add(durable(INVALID_QUEUE, names.type()));
        all.add(durable(REJECTED_QUEUE, names.type()));
        all.add(durable(DEAD_LETTER_QUEUE, names.type()));
        all.add(new FanoutExchange(RESULTS_EXCHANGE, true, false));
        for (String channel : channels) {
            all.addAll(channelQueues(channel, names));
        }
        return all;
    }
}
