package io.ordercast.amqp;

import java.net.URI;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory.ConfirmType;

/** The connection factory every route shares, with simple publisher confirms: producers set confirm=enabled to wait for the broker's ack. */
public final class RabbitConnections {

    private RabbitConnections() {
    }

    public static CachingConnectionFactory connect(String amqpUrl) {
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(amqpUrl));
        factory.setPublisherConfirmType(ConfirmType.SIMPLE);
        factory.setConnectionNameStrategy(cf -> "ordercast");
        factory.getRabbitConnectionFactory().setAutomaticRecoveryEnabled(false); // Spring AMQP recovers itself
        return factory;
    }

    /** For logs: the URL without its password. */
    public static String redact(String amqpUrl) {
        return amqpUrl.replaceAll("//([^:/@]+):[^@]*@", "//$1:***@");
    }
}
