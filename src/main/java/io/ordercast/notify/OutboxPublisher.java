package io.ordercast.notify;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.ordercast.amqp.NotifyQueues;
import io.ordercast.notify.NotificationStore.OutboxEntry;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes outbox entries to their channel queues ({@link NotifyQueues}: by priority)
 * on one channel and waits once for the broker's confirms of all of them. Waiting per message, as the
 * spring-rabbitmq producer does with confirm=enabled, costs a broker round trip (a disk flush for persistent
 * messages) for every notification. The published marks are written apart, many publishes at once
 * ({@link PublishedMarks}).
 * With tracing on, each message carries the trace context ({@code traceparent}, {@code tracestate}) the
 * notification was planned in, so the channel consumer continues the trace of the event, also when the relay
 * publishes it later; a notification without one (a dead-letter replay) carries the current context.
 */
public class OutboxPublisher {

    private final RabbitTemplate template;
    private final NotifyQueues queues;
    private final ObjectMapper mapper;
    private final Duration confirmTimeout;
    /** null while tracing is off: nothing to inject. */
    private final ContextPropagators propagators;

    public OutboxPublisher(ConnectionFactory connectionFactory, NotifyQueues queues, ObjectMapper mapper,
                           Duration confirmTimeout, ContextPropagators propagators) {
        this.template = new RabbitTemplate(connectionFactory);
        this.queues = queues;
        this.mapper = mapper;
        this.confirmTimeout = confirmTimeout;
        this.propagators = propagators;
    }

    public void publish(List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        template.invoke(operations -> {
            for (OutboxEntry entry : entries) {
                operations.send("", queues.forPriority(entry.channel(), entry.priority().name()), message(entry));
            }
            operations.waitForConfirmsOrDie(confirmTimeout.toMillis());
            return null;
        });
    }

    private Message message(OutboxEntry entry) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setPriority(entry.amqpPriority());
        if (entry.trace() != null) {
            // the trace it was planned in: the relay's own pass is not what the notification belongs to
            properties.setHeader("traceparent", entry.trace().traceparent());
            if (entry.trace().tracestate() != null) {
                properties.setHeader("tracestate", entry.trace().tracestate());
            }
        } else if (propagators != null) {
            propagators.getTextMapPropagator().inject(Context.current(), properties,
                    (carrier, name, value) -> carrier.setHeader(name, value));
        }
        try {
            return new Message(mapper.writeValueAsBytes(entry), properties);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an outbox entry could not be written as JSON", e);
        }
    }
}
