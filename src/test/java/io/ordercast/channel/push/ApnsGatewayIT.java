package io.ordercast.channel.push;

import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.eatthepath.pushy.apns.ApnsPushNotification;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsVerificationKey;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.ParsingMockApnsServerListenerAdapter;
import com.eatthepath.pushy.apns.server.PushNotificationHandler;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.ValidatingPushNotificationHandlerFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.channel.ProviderRejectionException;
import io.ordercast.channel.ProviderRejectionException.Verdict;
import io.ordercast.channel.Priority;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The gateway against Pushy's mock APNs server over real TLS (the test CA as ordercast.apns.trusted-certificate)
 * and real token auth: the mock checks the JWT's signature with the .p8 key's public half, the topic and the device
 * token, and answers scripted rejections for some tokens. One server and one gateway for the class.
 */
class ApnsGatewayIT {

    private static final String TEAM_ID = "TEAM123456";
    private static final String KEY_ID = "KEY1234567";
    private static final String TOPIC = "io.ordercast.app";
    private static final String DEVICE = token(0xa11ce);
    private static final String GONE_DEVICE = token(0x410);
    /** Milliseconds: the wire format of APNs' timestamp. */
    private static final Instant UNREGISTERED_AT = Instant.parse("2025-11-02T08:15:30.123Z");
    private static final String SLOW_DEVICE = token(0x51041);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final BlockingQueue<ApnsPushNotification> accepted = new LinkedBlockingQueue<>();
    /** device token -> the rejection the mock answers for it. */
    private static final Map<String, RejectionReason> scripted = new ConcurrentHashMap<>();

    private static MockApnsServer server;
    private static int port;
    private static ApnsGateway gateway;

    @BeforeAll
    static void startServer() throws Exception {
        ApnsVerificationKey verificationKey =
                ApnsVerificationKey.loadFromPkcs8File(resource("signing-key.pub.pem").toFile(), TEAM_ID, KEY_ID);
        for (RejectionReason reason : RejectionReason.values()) {
            scripted.put(token(0xbad000 + reason.ordinal()), reason);
        }
        Set<String> knownDevices = new HashSet<>(scripted.keySet());
        knownDevices.addAll(Set.of(DEVICE, SLOW_DEVICE));
        ValidatingPushNotificationHandlerFactory validating = new ValidatingPushNotificationHandlerFactory(
                Map.of(TOPIC, knownDevices), Map.of(GONE_DEVICE, UNREGISTERED_AT),
                Map.of(KEY_ID, verificationKey), Map.of(verificationKey, Set.of(TOPIC)));

        server = new MockApnsServerBuilder()
                .setServerCredentials(resource("server.pem").toFile(), resource("server.key").toFile(), null)
                .setHandlerFactory(session -> {
                    PushNotificationHandler checks = validating.buildHandler(session);
                    return (headers, payload) -> {
                        checks.handlePushNotification(headers, payload);
                        String device = headers.path().toString().substring("/3/device/".length());
                        if (device.equals(SLOW_DEVICE)) {
                            sleep(600);
                        }
                        RejectionReason reason = scripted.get(device);
                        if (reason != null) {
                            throw new RejectedNotificationException(reason);
                        }
                    };
                })
                .setListener(new ParsingMockApnsServerListenerAdapter() {
                    @Override
                    public void handlePushNotificationAccepted(ApnsPushNotification notification) {
                        accepted.add(notification);
                    }

                    @Override
                    public void handlePushNotificationRejected(ApnsPushNotification notification,
                                                               RejectionReason reason, Instant timestamp) {
                    }
                })
                .build();
        port = server.start(0).get(10, TimeUnit.SECONDS);
        gateway = new ApnsGateway(settings(KEY_ID, Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (server != null) {
            server.shutdown().get(10, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void forgetEarlierSends() {
        accepted.clear();
    }

    @Test
    void should_send_an_english_alert_with_the_order_thread_and_immediate_priority() throws Exception {
        String notificationId = "6f1c2a8e-3d4b-5c6d-8e9f-0a1b2c3d4e5f";
        String apnsId = gateway.send(new PushMessage(notificationId, "ORD-1001", "PAID", DEVICE,
                "Payment received", "Order ORD-1001 is paid; we will ship it soon.", Priority.HIGH));

        ApnsPushNotification sent = accepted.poll(5, TimeUnit.SECONDS);
        assertThat(sent).isNotNull();
        assertThat(apnsId).isEqualTo(notificationId);
        assertThat(sent.getToken()).isEqualTo(DEVICE);
        assertThat(sent.getTopic()).isEqualTo(TOPIC);
        assertThat(sent.getPriority()).isEqualTo(DeliveryPriority.IMMEDIATE);
        assertThat(sent.getPushType()).isEqualTo(PushType.ALERT);
        assertThat(sent.getCollapseId()).isEqualTo(notificationId);
        JsonNode payload = JSON.readTree(sent.getPayload());
        assertThat(payload.at("/aps/alert/title").asText()).isEqualTo("Payment received");
        assertThat(payload.at("/aps/alert/body").asText()).isEqualTo("Order ORD-1001 is paid; we will ship it soon.");
        assertThat(payload.at("/aps/thread-id").asText()).isEqualTo("ORD-1001");
        assertThat(payload.get("orderId").asText()).isEqualTo("ORD-1001");
        assertThat(payload.get("state").asText()).isEqualTo("PAID");
        assertThat(payload.get("notificationId").asText()).isEqualTo(notificationId);
    }

    @Test
    void should_send_a_chinese_alert_with_power_conserving_priority() throws Exception {
        gateway.send(new PushMessage("n-zh-1", "ORD-2002", "CREATED", DEVICE,
                "订单已创建", "您的订单 ORD-2002 已创建，我们会尽快处理。", Priority.NORMAL));

        ApnsPushNotification sent = accepted.poll(5, TimeUnit.SECONDS);
        assertThat(sent).isNotNull();
        assertThat(sent.getPriority()).isEqualTo(DeliveryPriority.CONSERVE_POWER);
        assertThat(sent.getCollapseId()).isEqualTo("n-zh-1");
        assertThat(sent.getTopic()).isEqualTo(TOPIC);
        JsonNode payload = JSON.readTree(sent.getPayload());
        assertThat(payload.at("/aps/alert/title").asText()).isEqualTo("订单已创建");
        assertThat(payload.at("/aps/alert/body").asText()).isEqualTo("您的订单 ORD-2002 已创建，我们会尽快处理。");
        assertThat(payload.at("/aps/thread-id").asText()).isEqualTo("ORD-2002");
        assertThat(payload.get("state").asText()).isEqualTo("CREATED");
    }

    @Test
    void should_shorten_a_body_too_long_for_apns_and_still_deliver_it() throws Exception {
        String body = "订单更新😀".repeat(600); // 4 200 code points, far over 4096 bytes in UTF-8

        gateway.send(new PushMessage("n-long-1", "ORD-3003", "SHIPPED", DEVICE, "Shipped", body, Priority.LOW));

        ApnsPushNotification sent = accepted.poll(5, TimeUnit.SECONDS);
        assertThat(sent).isNotNull();
        assertThat(sent.getPayload().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
        String shortened = JSON.readTree(sent.getPayload()).at("/aps/alert/body").asText();
        assertThat(shortened).endsWith("…").hasSizeGreaterThan(100);
        assertThat(body).startsWith(shortened.substring(0, shortened.length() - 1));
    }

    @Test
    void should_send_from_a_bean_step_and_close_with_the_camel_context() throws Exception {
        ApnsGateway bound = new ApnsGateway(settings(KEY_ID, Duration.ofSeconds(5)));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            // as a route's bean step calls it: Camel picks send(Exchange) over send(PushMessage) for another body
            context.getRegistry().bind("apnsGateway", bound);
            context.start();
            context.createProducerTemplate().send("bean:apnsGateway?method=send", exchange -> {
                exchange.getMessage().setBody("{\"orderId\":\"ORD-4004\"}");
                exchange.setProperty(PushMessage.PROPERTY, new PushMessage("n-ex-1", "ORD-4004", "COMPLETED", DEVICE,
                        "Delivered", "Enjoy!", Priority.NORMAL));
            });

            assertThat(accepted.poll(5, TimeUnit.SECONDS)).isNotNull()
                    .extracting(ApnsPushNotification::getCollapseId).isEqualTo("n-ex-1");
            assertThatThrownBy(() -> bound.send(new DefaultExchange(context)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(PushMessage.PROPERTY);
        }
        // a Service in Camel's registry is stopped with the context: binding the bean is all the wiring needs
        assertThat(bound.isClosed()).isTrue();
    }

    @Test
    void should_report_an_unregistered_device_as_gone_since_apns_timestamp() {
        ProviderRejectionException rejection = rejection(gateway, GONE_DEVICE);

        assertThat(rejection.verdict()).isEqualTo(Verdict.DEVICE_GONE);
        assertThat(rejection.unregisteredAt()).isEqualTo(UNREGISTERED_AT);
        assertThat(rejection.provider()).isEqualTo("apns");
        assertThat(rejection.getMessage()).isEqualTo("apns: APNs 410 Unregistered").doesNotContain(GONE_DEVICE);
    }

    @Test
    void should_report_a_malformed_device_token_as_gone() {
        ProviderRejectionException rejection = rejection(gateway, "not-a-device-token-000000");

        assertThat(rejection.verdict()).isEqualTo(Verdict.DEVICE_GONE);
        assertThat(rejection.unregisteredAt()).isNull();
        assertThat(rejection.getMessage()).contains("APNs 400 BadDeviceToken").doesNotContain("not-a-device");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "DEVICE_TOKEN_NOT_FOR_TOPIC, DEVICE_GONE, APNs 400 DeviceTokenNotForTopic",
            "BAD_TOPIC, PERMANENT, APNs 400 BadTopic",
            "BAD_COLLAPSE_ID, PERMANENT, APNs 400 BadCollapseId",
            "BAD_PATH, PERMANENT, APNs 404 BadPath",
            "PAYLOAD_TOO_LARGE, PERMANENT, APNs 413 PayloadTooLarge",
            "IDLE_TIMEOUT, TRANSIENT, APNs 400 IdleTimeout",
            "TOO_MANY_REQUESTS, TRANSIENT, APNs 429 TooManyRequests",
            "INTERNAL_SERVER_ERROR, TRANSIENT, APNs 500 InternalServerError",
            "SERVICE_UNAVAILABLE, TRANSIENT, APNs 503 ServiceUnavailable",
            "SHUTDOWN, TRANSIENT, APNs 503 Shutdown",
            "EXPIRED_PROVIDER_TOKEN, TRANSIENT, APNs 403 ExpiredProviderToken",
            "BAD_CERTIFICATE_ENVIRONMENT, MISCONFIGURED, APNs 403 BadCertificateEnvironment",
            "FORBIDDEN, MISCONFIGURED, APNs 403 Forbidden",
            "TOO_MANY_PROVIDER_TOKEN_UPDATES, MISCONFIGURED, APNs 429 TooManyProviderTokenUpdates",
    })
    void should_classify_apns_rejections_as_push_errors_md_says(RejectionReason reason, Verdict verdict,
                                                                String text) {
        String device = token(0xbad000 + reason.ordinal());

        ProviderRejectionException rejection = rejection(gateway, device);

        assertThat(rejection.verdict()).isEqualTo(verdict);
        assertThat(rejection.getMessage()).isEqualTo("apns: " + text).doesNotContain(device.substring(58));
    }

    @Test
    void should_report_a_token_signed_for_an_unknown_key_as_misconfigured() {
        try (ApnsGateway wrongKey = new ApnsGateway(settings("WRONGKEY01", Duration.ofSeconds(5)))) {
            ProviderRejectionException rejection = rejection(wrongKey, DEVICE);

            assertThat(rejection.verdict()).isEqualTo(Verdict.MISCONFIGURED);
            assertThat(rejection.getMessage()).isEqualTo("apns: APNs 403 InvalidProviderToken");
        }
    }

    @Test
    void should_report_a_missing_or_broken_key_file_as_misconfigured_without_quoting_it() throws Exception {
        for (Path keyFile : new Path[]{Path.of("/nonexistent/AuthKey_KEY1234567.p8"), resource("ca.pem")}) {
            try (ApnsGateway broken = new ApnsGateway(new ApnsSettings("localhost", port, keyFile, KEY_ID, TEAM_ID,
                    TOPIC, resource("ca.pem"), Duration.ofSeconds(5)))) {
                ProviderRejectionException rejection = rejection(broken, DEVICE);

                assertThat(rejection.verdict()).isEqualTo(Verdict.MISCONFIGURED);
                assertThat(rejection.getMessage()).contains("ordercast.apns.key-file").doesNotContain("BEGIN");
            }
        }
    }

    @Test
    void should_report_unset_keys_as_misconfigured() {
        try (ApnsGateway unset = new ApnsGateway(new ApnsSettings(null, 0, null, null, TEAM_ID, TOPIC, null, null))) {
            ProviderRejectionException rejection = rejection(unset, DEVICE);

            assertThat(rejection.verdict()).isEqualTo(Verdict.MISCONFIGURED);
            assertThat(rejection.getMessage()).contains("ordercast.apns.key-file", "ordercast.apns.key-id");
        }
    }

    @Test
    void should_report_an_unreachable_apns_as_transient() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ApnsGateway unreachable = new ApnsGateway(new ApnsSettings("127.0.0.1", closedPort,
                resource("signing-key.p8"), KEY_ID, TEAM_ID, TOPIC, resource("ca.pem"), Duration.ofSeconds(5)))) {
            ProviderRejectionException rejection = rejection(unreachable, DEVICE);

            assertThat(rejection.verdict()).isEqualTo(Verdict.TRANSIENT);
            assertThat(rejection.getMessage()).contains("APNs unreachable");
        }
    }

    @Test
    void should_report_no_answer_within_the_timeout_as_transient() {
        try (ApnsGateway impatient = new ApnsGateway(settings(KEY_ID, Duration.ofMillis(200)))) {
            ProviderRejectionException rejection = rejection(impatient, SLOW_DEVICE);

            assertThat(rejection.verdict()).isEqualTo(Verdict.TRANSIENT);
            assertThat(rejection.getMessage()).contains("did not answer within PT0.2S");
        }
    }

    @Test
    void should_close_the_connection_and_its_thread_and_refuse_later_sends() {
        Set<Thread> before = apnsThreads();
        ApnsGateway closing = new ApnsGateway(settings(KEY_ID, Duration.ofSeconds(5)));
        closing.send(new PushMessage("n-close-1", "ORD-5005", "PAID", DEVICE, "t", "b", Priority.HIGH));
        Set<Thread> own = apnsThreads();
        own.removeAll(before);
        assertThat(own).isNotEmpty();

        closing.close();
        closing.close(); // a second close (Camel's stop, then the registry's close) is harmless

        assertThat(closing.isClosed()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> own.stream().noneMatch(Thread::isAlive));
        assertThatThrownBy(() -> closing.send(new PushMessage("n-close-2", "ORD-5005", "PAID", DEVICE, "t", "b",
                Priority.HIGH)))
                .isInstanceOfSatisfying(ProviderRejectionException.class,
                        e -> assertThat(e.verdict()).isEqualTo(Verdict.TRANSIENT))
                .hasMessageContaining("closed");
    }

    private static ProviderRejectionException rejection(ApnsGateway gateway, String device) {
        PushMessage message = new PushMessage("n-" + device.hashCode(), "ORD-9", "PAID", device, "t", "b",
                Priority.HIGH);
        ProviderRejectionException rejection =
                catchThrowableOfType(ProviderRejectionException.class, () -> gateway.send(message));
        assertThat(rejection).as("the send to %s is refused", device.substring(device.length() - 6)).isNotNull();
        return rejection;
    }

    private static ApnsSettings settings(String keyId, Duration timeout) {
        return new ApnsSettings("localhost", port, resource("signing-key.p8"), keyId, TEAM_ID, TOPIC,
                resource("ca.pem"), timeout);
    }

    private static Set<Thread> apnsThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ordercast-apns"))
                .collect(Collectors.toCollection(HashSet::new));
    }

    /** A 64-hex-digit device token, as iOS hands them out. */
    private static String token(int n) {
        return "%064x".formatted(n);
    }

    private static Path resource(String name) {
        try {
            return Path.of(ApnsGatewayIT.class.getResource("/apns/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // the mock's slow answer, on its own event loop; not a wait in the test itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
