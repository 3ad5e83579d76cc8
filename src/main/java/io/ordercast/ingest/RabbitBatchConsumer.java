package io.ordercast.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.rabbitmq.client.Channel;
import io.ordercast.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;

/**
 * Runs the route once per batch of messages and acknowledges the batch on the channel it came from, with one
 * multiple-ack, only when the route completed it. A batch the route failed is run again message by message,
 * so that one bad event never holds the others back; a batch the route gave back ({@link IngestBatch#giveBack})
 * goes back to the broker whole.
 */
class RabbitBatchConsumer extends DefaultConsumer implements QueueConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitBatchConsumer.class);

    private final RabbitBatchEndpoint endpoint;
    private final ConnectionFactory connectionFactory;
    // read by readiness checks on other threads
    private volatile ConsumingContainer container;

    RabbitBatchConsumer(RabbitBatchEndpoint endpoint, Processor processor, ConnectionFactory connectionFactory) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.connectionFactory = connectionFactory;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ConsumingContainer listener = new ConsumingContainer(connectionFactory);
        listener.setQueueNames(endpoint.getQueue());
        listener.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        listener.setConsumerBatchEnabled(true);
        listener.setBatchSize(endpoint.getBatchSize());
        // a batch is complete when full, or when batchWait passed without the next message
        listener.setReceiveTimeout(Math.max(1, endpoint.getBatchWait()));
        listener.setBatchReceiveTimeout(Math.max(1, endpoint.getBatchWait()));
        listener.setPrefetchCount(endpoint.getPrefetch() > 0 ? Math.max(endpoint.getPrefetch(), endpoint.getBatchSize())
                : 2 * endpoint.getBatchSize());
        listener.setConcurrentConsumers(Math.max(1, endpoint.getConsumers()));
        listener.setDefaultRequeueRejected(true);
        // a stop lets the batch in progress finish (its outcome committed and acknowledged), as Camel's shutdown does
        listener.setShutdownTimeout(getEndpoint().getCamelContext().getShutdownStrategy().getTimeUnit()
                .toMillis(getEndpoint().getCamelContext().getShutdownStrategy().getTimeout()));
        listener.setMessageListener((ChannelAwareBatchMessageListener) this::onBatch);
        listener.setBeanName(endpoint.getQueue() + "-batches");
        listener.afterPropertiesSet();
        this.container = listener;
        listener.start();
    }

    @Override
    public String queue() {
        return endpoint.getQueue();
    }

    @Override
    public boolean consuming() {
        ConsumingContainer running = container;
        return running != null && running.consuming();
    }

    @Override
    protected void doStop() throws Exception {
        ConsumingContainer running = container;
        if (running != null) {
            container = null;
            running.stop();
            running.destroy();
        }
        super.doStop();
    }

    private void onBatch(List<Message> messages, Channel channel) {
        if (messages.isEmpty()) {
            return;
        }
        long lastTag = tag(messages.get(messages.size() - 1));
        Exchange batch = run(messages, null);
        try {
            if (IngestBatch.givenBack(batch)) {
                channel.basicNack(lastTag, true, true);
            } else if (batch.getException() == null) {
                channel.basicAck(lastTag, true);
            } else if (messages.size() == 1) {
                giveBackOne(messages.get(0), channel, batch.getException());
            } else {
                LOG.warn("a batch of {} events failed ({}); each is tried alone", messages.size(),
                        batch.getException().getMessage());
                oneByOne(messages, channel, IngestBatch.parked(batch));
            }
        } catch (IOException e) {
            // the channel is gone: the broker delivers every unacknowledged message again
            LOG.warn("could not acknowledge a batch of {} events ({}); the broker delivers them again", messages.size(),
                    e.getMessage());
        } finally {
            releaseExchange(batch, false);
        }
    }

    private void oneByOne(List<Message> messages, Channel channel, Set<Long> alreadyParked) throws IOException {
        for (Message message : messages) {
            long tag = tag(message);
            if (alreadyParked.contains(tag)) {
                channel.basicAck(tag, false);
                continue;
            }
            Exchange one = run(List.of(message), message.getBody());
            try {
                if (IngestBatch.givenBack(one)) {
                    channel.basicNack(tag, false, true);
                } else if (one.getException() == null) {
                    channel.basicAck(tag, false);
                } else {
                    giveBackOne(message, channel, one.getException());
                }
            } finally {
                releaseExchange(one, false);
            }
        }
    }

    private void giveBackOne(Message message, Channel channel, Exception failure) throws IOException {
        getExceptionHandler().handleException("event not tracked; given back to the broker", failure);
        channel.basicNack(tag(message), false, true);
    }

    /** @param rawEvent the one message's body when it runs alone, so a failure can park it (error/ingest-errors.camel.yaml) */
    private Exchange run(List<Message> messages, byte[] rawEvent) {
        Exchange exchange = createExchange(false);
        List<org.apache.camel.Message> body = new ArrayList<>(messages.size());
        for (Message message : messages) {
            DefaultMessage camel = new DefaultMessage(exchange);
            camel.setBody(message.getBody());
            for (Map.Entry<String, Object> header : message.getMessageProperties().getHeaders().entrySet()) {
                camel.setHeader(header.getKey(), header.getValue());
            }
            camel.setHeader(SpringRabbitMQConstants.DELIVERY_TAG, tag(message));
            // the publisher's trace context as it arrived: tracing rewrites traceparent on the way through the route
            copy(camel, "traceparent", IngestBatch.EVENT_TRACEPARENT);
            copy(camel, "tracestate", IngestBatch.EVENT_TRACESTATE);
            body.add(camel);
        }
        exchange.getMessage().setBody(body);
        if (rawEvent != null) {
            exchange.setProperty(ExchangeProperties.RAW_EVENT, rawEvent);
        }
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        return exchange;
    }

    private static void copy(org.apache.camel.Message message, String from, String to) {
        Object value = message.getHeader(from);
        if (value != null) {
            message.setHeader(to, value.toString());
        }
    }

    private static long tag(Message message) {
        return message.getMessageProperties().getDeliveryTag();
    }
}
