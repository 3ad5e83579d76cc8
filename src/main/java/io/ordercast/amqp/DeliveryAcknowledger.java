package io.ordercast.amqp;

import java.io.IOException;

import com.rabbitmq.client.Channel;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;

/**
 * Acknowledges the input message of a MANUAL-acknowledge consumer. Routes call it as their last
 * step, after the event's outcome is committed, so a crash before that leaves the message in the
 * broker to be delivered again.
 */
public class DeliveryAcknowledger {

    public void ack(Exchange exchange) throws IOException {
        channel(exchange).basicAck(deliveryTag(exchange), false);
    }

    /** Gives the message back to the broker for another delivery (shutdown, infrastructure failure). */
    public void requeue(Exchange exchange) throws IOException {
        channel(exchange).basicNack(deliveryTag(exchange), false, true);
    }

    /**
     * Gives the message back while the service stops: a nack if the channel is still open; a closed
     * channel has given every unacknowledged message back to the broker already.
     */
    public void giveBack(Exchange exchange) throws IOException {
        Channel channel = channel(exchange);
        if (channel.isOpen()) {
            channel.basicNack(deliveryTag(exchange), false, true);
        }
    }

    private static Channel channel(Exchange exchange) {
        Channel channel = exchange.getProperty(SpringRabbitMQConstants.CHANNEL, Channel.class);
        if (channel == null) {
            throw new IllegalStateException("no RabbitMQ channel on the exchange: not consumed from spring-rabbitmq?");
        }
        return channel;
    }

    private static long deliveryTag(Exchange exchange) {
        Long tag = exchange.getMessage().getHeader(SpringRabbitMQConstants.DELIVERY_TAG, Long.class);
        if (tag == null) {
            throw new IllegalStateException("no delivery tag on the exchange");
        }
        return tag;
    }
}
