package io.ordercast.support;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.eatthepath.pushy.apns.ApnsPushNotification;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.ParsingMockApnsServerListenerAdapter;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.UnregisteredDeviceTokenException;

/**
 * APNs as Pushy's mock server, over TLS with the test CA (src/test/resources/apns): every notification is
 * accepted unless a device token has a scripted answer, a rejection or "unregistered since".
 */
public final class ApnsProvider implements AutoCloseable {

    public static final String TOPIC = "io.ordercast.shop";

    private final MockApnsServer server;
    private final int port;
    private final Map<String, RejectionReason> rejections = new ConcurrentHashMap<>();
    private final Map<String, Instant> unregistered = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> rejectionsLeft = new ConcurrentHashMap<>();
    /** When set, every notification gets this answer: an outage of the whole gateway. */
    private volatile RejectionReason everything;
    public final List<ApnsPushNotification> accepted = new CopyOnWriteArrayList<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();

    public ApnsProvider() throws Exception {
        server = new MockApnsServerBuilder()
                .setServerCredentials(resource("server.pem").toFile(), resource("server.key").toFile(), null)
                .setHandlerFactory(session -> (headers, payload) -> {
                    String device = headers.path().toString().substring("/3/device/".length());
                    calls.add(device);
                    Instant since = unregistered.get(device);
                    if (since != null) {
                        throw new UnregisteredDeviceTokenException(since);
                    }
                    RejectionReason reason = everything != null ? everything : rejections.get(device);
                    var left = rejectionsLeft.get(device);
                    if (reason != null && left != null && left.getAndDecrement() <= 0) {
                        reason = null; // answered as scripted often enough: accepted from now on
                    }
                    if (reason != null) {
                        throw new RejectedNotificationException(reason);
                    }
                })
                .setListener(new ParsingMockApnsServerListenerAdapter() {
                    @Override
                    public void handlePushNotificationAccepted(ApnsPushNotification notification) {
                        accepted.add(notification);
                    }

                    @Override
                    public void handlePushNotificationRejected(ApnsPushNotification notification, RejectionReason reason,
                                                               Instant deviceTokenExpirationTimestamp) {
                    }
                })
                .build();
        port = server.start(0).get(10, TimeUnit.SECONDS);
    }

    public void reject(String device, RejectionReason reason) {
        rejections.put(device, reason);
    }

    public void unregistered(String device, Instant since) {
        unregistered.put(device, since);
    }

    /** The device's first {@code times} notifications get this answer, the next ones are accepted. */
    public void rejectFirst(String device, RejectionReason reason, int times) {
        rejections.put(device, reason);
        rejectionsLeft.put(device, new java.util.concurrent.atomic.AtomicInteger(times));
    }

    /** Every notification is answered so until {@link #acceptAll}. */
    public void rejectAll(RejectionReason reason) {
        everything = reason;
    }

    public void acceptAll() {
        everything = null;
        rejections.clear();
        rejectionsLeft.clear();
        unregistered.clear();
    }

    public Map<String, String> serviceProperties() {
        return Map.of("ordercast.apns.host", "localhost",
                "ordercast.apns.port", String.valueOf(port),
                "ordercast.apns.trusted-certificate", resource("ca.pem").toString(),
                "ordercast.apns.key-file", resource("signing-key.p8").toString(),
                "ordercast.apns.key-id", "KEY1234567",
                "ordercast.apns.team-id", "TEAM123456",
                "ordercast.apns.topic", TOPIC);
    }

    private static Path resource(String name) {
        try {
            return Path.of(ApnsProvider.class.getResource("/apns/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        server.shutdown().get(10, TimeUnit.SECONDS);
    }
}
