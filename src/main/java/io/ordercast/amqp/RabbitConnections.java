package io.ordercast.amqp;

import java.net.URI;
import java.util.concurrent.Executors;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory.ConfirmType;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/** The connection factory every route shares, with simple publisher confirms: producers set confirm=enabled to wait for the broker's ack. */
public final class RabbitConnections {

    private RabbitConnections() {
    }

    public static CachingConnectionFactory connect(String amqpUrl) {
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(amqpUrl));
        factory.setPublisherConfirmType(ConfirmType.SIMPLE);
        factory.setConnectionNameStrategy(cf -> "ordercast");
        factory.getRabbitConnectionFactory().setAutomaticRecoveryEnabled(false); // Spring AMQP recovers itself
        // Deliveries are dispatched on this executor. The client's default is a small fixed pool shared by
        // every consumer: a channel route waiting out a provider outage would starve the event ingest.
        CustomizableThreadFactory threads = new CustomizableThreadFactory("ordercast-amqp-");
        // daemons: idle dispatch threads must not hold the JVM up after Camel has stopped the consumers
        threads.setDaemon(true);
        factory.setExecutor(Executors.newCachedThreadPool(threads));
        return factory;
    }

    /** For logs: the URL without its password. */
    public static String redact(String amqpUrl) {
        return amqpUrl.replaceAll("//([^:/@]+):[^@]*@", "//$1:***@");
    }
}
