package io.ordercast.channel.push;

import java.io.File;
import java.nio.file.Files;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.ordercast.channel.ProviderRejectionException;
import org.apache.camel.Exchange;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The iOS push channel's one connection to APNs: one Pushy {@link ApnsClient} (HTTP/2, token auth with the
 * {@code .p8} key) shared by every send, because Apple wants long-lived connections and one JWT reused across
 * requests (docs/push-errors.md). Pushy is thread-safe; each send blocks its caller until APNs answers or the timeout.
 * <p>
 * The client is built lazily, on the first send, not at start: the service starts and the other channels work
 * while APNs is unconfigured or its key file unreadable, and those notifications fail MISCONFIGURED (the channel's
 * circuit opens) instead of the start failing. A failed build is not remembered, so a key file mounted later is
 * picked up without a restart. Starting early would gain little: Pushy opens its connection on the first send anyway.
 * <p>
 * Pushy signs a JWT per connection when the connection's first notification goes out and signs a new one after the
 * token expiration (50 minutes by default, inside Apple's 20-60 minute window); a 403 ExpiredProviderToken closes
 * that connection and the next one signs afresh.
 * <p>
 * A Camel {@link Service}: {@code context.addService(gateway)} stops it with the context, closing the connection
 * and its event-loop thread.
 */
public class ApnsGateway implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(ApnsGateway.class);

    private final ApnsSettings settings;
    private ApnsClient client;
    private EventLoopGroup eventLoop;
    private boolean closed;

    public ApnsGateway(ApnsSettings settings) {
        this.settings = settings;
    }

    /**
     * Sends one notification and waits for APNs' answer.
     *
     * @return the {@code apns-id} APNs acknowledged (the notificationId when it is a UUID)
     * @throws ProviderRejectionException on every refusal or failure, with its verdict in docs/push-errors.md
     */
    public String send(PushMessage message) {
        ApnsClient apns = client();
        SimpleApnsPushNotification notification = ApnsNotifications.of(message, settings.topic());
        PushNotificationResponse<SimpleApnsPushNotification> response;
        try {
            response = apns.sendNotification(notification)
                    .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApnsRejections.unanswered(e, settings.timeout());
        } catch (ExecutionException e) {
            // no answer: the connection could not be opened, broke before APNs answered, or the client was closed
            throw ApnsRejections.unanswered(e.getCause() == null ? e : e.getCause(), settings.timeout());
        } catch (TimeoutException e) {
            // APNs may still deliver it; a retry carries the same apns-collapse-id, so the device shows it once
            throw ApnsRejections.unanswered(e, settings.timeout());
        }
        if (!response.isAccepted()) {
            throw ApnsRejections.rejected(response);
        }
        return response.getApnsId() == null ? null : response.getApnsId().toString();
    }

    /** For a route's {@code bean} step: sends the {@link PushMessage} in the exchange property {@link PushMessage#PROPERTY}. */
    public String send(Exchange exchange) {
        PushMessage message = exchange.getProperty(PushMessage.PROPERTY, PushMessage.class);
        if (message == null) {
            throw new IllegalArgumentException("no push message in exchange property " + PushMessage.PROPERTY);
        }
        return send(message);
    }

    /** The client, built on first use; see the class comment for why not at start. */
    private synchronized ApnsClient client() {
        if (closed) {
            throw ApnsRejections.unanswered(new IllegalStateException("the APNs gateway is closed"), settings.timeout());
        }
        if (client == null) {
            client = newClient();
        }
        return client;
    }

    private ApnsClient newClient() {
        if (!settings.configured()) {
            throw ApnsRejections.misconfigured("APNs is not configured: " + String.join(", ", settings.missingKeys())
                    + " unset");
        }
        ApnsSigningKey key = signingKey();
        File trusted = null;
        if (settings.trustedCertificate() != null) {
            if (!Files.isReadable(settings.trustedCertificate())) {
                throw ApnsRejections.misconfigured("ordercast.apns.trusted-certificate " + settings.trustedCertificate()
                        + " is missing or unreadable");
            }
            trusted = settings.trustedCertificate().toFile();
        }
        // our own one-thread loop: named threads in a dump, and close() ends it without netty's 2 s quiet period
        EventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("ordercast-apns", true));
        boolean built = false;
        try {
            ApnsClientBuilder builder = new ApnsClientBuilder()
                    .setApnsServer(settings.host(), settings.port())
                    .setSigningKey(key)
                    .setEventLoopGroup(loop)
                    .setConnectionTimeout(settings.timeout())
                    // closing waits this long for answers still in flight, no longer than a send would
                    .setGracefulShutdownTimeout(settings.timeout());
            if (trusted != null) {
                builder.setTrustedServerCertificateChain(trusted);
            }
            ApnsClient apns = builder.build();
            eventLoop = loop;
            built = true;
            LOG.info("APNs client for {}:{} topic {} (team {}, key {}); connects on the first send",
                    settings.host(), settings.port(), settings.topic(), settings.teamId(), settings.keyId());
            return apns;
        } catch (SSLException | RuntimeException e) {
            throw ApnsRejections.misconfigured("the APNs client could not be built"
                    + (trusted == null ? "" : " with ordercast.apns.trusted-certificate " + trusted)
                    + ": " + e.getClass().getSimpleName());
        } finally {
            if (!built) {
                loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The .p8 key; only the failure's type is reported, since a parser's message could quote the key. */
    private ApnsSigningKey signingKey() {
        try {
            return ApnsSigningKey.loadFromPkcs8File(settings.keyFile().toFile(), settings.teamId(), settings.keyId());
        } catch (Exception e) {
            throw ApnsRejections.misconfigured("ordercast.apns.key-file " + settings.keyFile()
                    + " is missing or not a PKCS#8 EC key (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Nothing to do: the client is built on the first send. */
    @Override
    public void start() {
    }

    @Override
    public void stop() {
        close();
    }

    /**
     * Closes the connection and the event loop, waiting a bounded time (twice the send timeout) for each; later
     * sends fail TRANSIENT ("closed"). Safe to call more than once.
     */
    @Override
    public void close() {
        ApnsClient closing;
        EventLoopGroup loop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = client;
            loop = eventLoop;
            client = null;
            eventLoop = null;
        }
        long boundMillis = settings.timeout().multipliedBy(2).toMillis();
        if (closing != null) {
            try {
                closing.close().get(boundMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("APNs client did not close within {} ms: {}", boundMillis, e.toString());
            }
        }
        if (loop != null) {
            loop.shutdownGracefully(0, boundMillis, TimeUnit.MILLISECONDS).awaitUninterruptibly(boundMillis);
        }
    }

    /** Whether close() ran; for the wiring's health view and the tests. */
    public synchronized boolean isClosed() {
        return closed;
    }
}
