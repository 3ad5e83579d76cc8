package io.ordercast.ingest;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/** A queue consumed in batches; see {@link RabbitBatchComponent}. */
public class RabbitBatchEndpoint extends DefaultEndpoint {

    private final String queue;
    private int batchSize = 100;
    private long batchWait = 5;
    private int consumers = 1;
    private int prefetch;
    private String connectionFactory = "rabbitConnectionFactory";

    RabbitBatchEndpoint(String uri, RabbitBatchComponent component, String queue) {
        super(uri, component);
        this.queue = queue;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("rabbitmq-batch: needs a queue name: " + getEndpointUri());
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("rabbitmq-batch: batchSize must be at least 1: " + getEndpointUri());
        }
        ConnectionFactory factory = getCamelContext().getRegistry().lookupByNameAndType(connectionFactory, ConnectionFactory.class);
        if (factory == null) {
            throw new IllegalStateException("rabbitmq-batch: no RabbitMQ connection factory bean named " + connectionFactory);
        }
        RabbitBatchConsumer consumer = new RabbitBatchConsumer(this, processor, factory);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("rabbitmq-batch: consumes only; publish with spring-rabbitmq: " + getEndpointUri());
    }

    public String getQueue() {
        return queue;
    }

    public int getBatchSize() {
        return batchSize;
    }

    /** The most messages in one batch. */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public long getBatchWait() {
        return batchWait;
    }

    /** Milliseconds a batch waits for more messages once its first one has arrived. */
    public void setBatchWait(long batchWait) {
        this.batchWait = batchWait;
    }

    public int getConsumers() {
        return consumers;
    }

    /** Consumers of the queue, each working on one batch at a time. */
    public void setConsumers(int consumers) {
        this.consumers = consumers;
    }

    public int getPrefetch() {
        return prefetch;
    }

    /** Unacknowledged messages the broker sends ahead per consumer; at least the batch size (0: twice the batch size). */
    public void setPrefetch(int prefetch) {
        this.prefetch = prefetch;
    }

    public String getConnectionFactory() {
        return connectionFactory;
    }

    /** The registry's Spring AMQP connection factory to consume with. */
    public void setConnectionFactory(String connectionFactory) {
        this.connectionFactory = connectionFactory;
    }
}
