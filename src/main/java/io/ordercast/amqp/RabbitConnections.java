package io.ordercast.amqp;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.ConnectionFactory;
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

    /** The broker's host:port, to name in messages (the URL may carry a password). */
    public static String peer(String amqpUrl) {
        URI uri = URI.create(amqpUrl);
        int port = uri.getPort() != -1 ? uri.getPort()
                : "amqps".equalsIgnoreCase(uri.getScheme()) ? ConnectionFactory.DEFAULT_AMQP_OVER_SSL_PORT
                : ConnectionFactory.DEFAULT_AMQP_PORT;
        return uri.getHost() + ":" + port;
    }

    /** The password the URL carries, or empty. */
    public static String password(String amqpUrl) {
        String userInfo = URI.create(amqpUrl).getUserInfo();
        return userInfo == null || userInfo.indexOf(':') < 0 ? "" : userInfo.substring(userInfo.indexOf(':') + 1);
    }

    /**
     * Opens and closes one connection with the factory's settings (host, credentials, TLS), connect and handshake
     * cut off at {@code timeout}: whether the broker answers and lets ordercast in. Not through the factory itself,
     * whose connection lock an attempt to a silent host would hold for its own 60 s.
     */
    public static void reach(CachingConnectionFactory factory, Duration timeout) throws Exception {
        ConnectionFactory probe = factory.getRabbitConnectionFactory().clone();
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        probe.setConnectionTimeout(millis);
        probe.setHandshakeTimeout(millis);
        probe.newConnection("ordercast-start").close();
    }

    /** Whether the broker refused ordercast's credentials, which waiting does not mend. */
    public static boolean refusesCredentials(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof AuthenticationFailureException) {
                return true;
            }
        }
        return false;
    }

    /** For logs: the URL without its password. */
    public static String redact(String amqpUrl) {
        return amqpUrl.replaceAll("//([^:/@]+):[^@]*@", "//$1:***@");
    }
}
