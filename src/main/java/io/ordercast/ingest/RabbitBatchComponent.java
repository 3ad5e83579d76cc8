package io.ordercast.ingest;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code rabbitmq-batch:<queue>?batchSize=100&batchWait=5&consumers=2}: consumes a RabbitMQ queue in batches
 * (Spring AMQP's consumer batches), one exchange per batch whose body is the list of messages, each a Camel
 * {@link org.apache.camel.Message} with the AMQP body and headers, so that a {@code split} of the body sees each
 * one as a message of its own. The batch is acknowledged when its exchange completes (one multiple-ack on the
 * channel it came from); camel-spring-rabbitmq has no batch consumer.
 */
public class RabbitBatchComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        RabbitBatchEndpoint endpoint = new RabbitBatchEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
