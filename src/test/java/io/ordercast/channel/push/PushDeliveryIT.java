package io.ordercast.channel.push;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.eatthepath.pushy.apns.ApnsPushNotification;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.ordercast.recipient.RecipientDevices;
import io.ordercast.support.ApnsProvider;
import io.ordercast.support.Events;
import io.ordercast.support.FcmProvider;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Mobile push through the running service (issue 10): one notification per registered device, each with its
 * own status; FCM HTTP v1 with its OAuth2 token endpoint in a WireMock, APNs as Pushy's mock server. What a provider's answers mean for the
 * device and the message: a gone device is forgotten and not retried, a provider that cannot take the message
 * now is retried, and a refusal of our credentials opens the provider's circuit and keeps everything.
 */
class PushDeliveryIT {

    private static final String PHONE = "cR4nD0m-fcm-registration-token_0123456789:APA91bHphoneAAAAAAAAAAAAAAA";
    private static final String TABLET = "eT4bl3t-fcm-registration-token_0123456789:APA91bHtabletBBBBBBBBBBBBBB";
    private static final String IPAD = "1f".repeat(29) + "00ad0002";
    private static final String IPAD_AGAIN = "2e".repeat(29) + "00ad0003";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The push of a one-event order (CREATED): one push per device, nothing racing it */
    private static final String TEMPLATE = "order-created";

    @TempDir
    Path work;

    private FcmProvider fcm;
    private ApnsProvider apns;

    @BeforeEach
    void startProviders() throws Exception {
        fcm = new FcmProvider(work);
        apns = new ApnsProvider();
    }

    @AfterEach
    void stopProviders() throws Exception {
        fcm.close();
        apns.close();
    }

    @Test
    void should_send_to_an_android_and_an_ios_device_of_one_buyer_through_each_ones_provider() throws Exception {
        try (RunningService service = RunningService.start(properties(Map.of()))) {
            register(service, "u-both", PHONE);
            registerIos(service, "u-both", IPAD);
            String orderId = paidOrder(service, "u-both", "zh-CN");

            List<Map<String, Object>> pushes = await().atMost(Duration.ofSeconds(20)).until(
                    () -> push(service, orderId, "order-paid"),
                    list -> list.size() == 2 && list.stream().allMatch(n -> "SENT".equals(n.get("status"))));
            assertThat(sentMessages(orderId)).singleElement()
                    .satisfies(m -> assertThat(m.at("/message/token").asText()).isEqualTo(PHONE));
            ApnsPushNotification ios = apns.accepted.stream()
                    .filter(n -> n.getPayload().contains("\"PAID\"") && n.getPayload().contains(orderId))
                    .findFirst().orElseThrow();
            assertThat(ios.getToken()).isEqualTo(IPAD);
            assertThat(ios.getTopic()).isEqualTo(ApnsProvider.TOPIC);
            assertThat(ios.getPriority()).isEqualTo(DeliveryPriority.IMMEDIATE); // PAID is HIGH
            JsonNode payload = json(ios.getPayload());
            assertThat(payload.at("/aps/alert/title").asText()).isEqualTo("付款成功");
            assertThat(payload.at("/aps/thread-id").asText()).isEqualTo(orderId);
            String iosId = pushes.stream().filter(n -> "…ad0002".equals(n.get("device")))
                    .map(n -> (String) n.get("notificationId")).findFirst().orElseThrow();
            assertThat(ios.getCollapseId()).isEqualTo(iosId);
            assertThat(payload.get("notificationId").asText()).isEqualTo(iosId);
        }
    }

    @Test
    void should_forget_an_ios_device_apns_calls_unregistered_unless_it_registered_again_since() throws Exception {
        try (RunningService service = RunningService.start(properties(Map.of()))) {
            registerIos(service, "u-410", IPAD);
            apns.unregistered(IPAD, Instant.now().plusSeconds(1)); // the app was removed after it registered
            registerIos(service, "u-410-back", IPAD_AGAIN);
            apns.unregistered(IPAD_AGAIN, Instant.parse("2020-01-01T00:00:00Z")); // registered again since
            Thread.sleep(1_100);
            String gone = order(service, "u-410", "en", "CREATED");
            String back = order(service, "u-410-back", "en", "CREATED");

            for (String orderId : List.of(gone, back)) {
                await().atMost(Duration.ofSeconds(20)).until(
                        () -> push(service, orderId, TEMPLATE).stream().findFirst().orElse(Map.of()),
                        n -> "FAILED".equals(n.get("status")));
            }
            assertThat(push(service, gone, TEMPLATE).get(0).get("reason")).asString()
                    .contains("Unregistered").endsWith("device forgotten");
            assertThat(devices(service).of("u-410")).isEmpty();
            assertThat(push(service, back, TEMPLATE).get(0).get("reason")).asString()
                    .endsWith("device kept (registered again since)");
            assertThat(devices(service).of("u-410-back")).hasSize(1);
            assertThat(apns.calls).containsOnlyOnce(IPAD).containsOnlyOnce(IPAD_AGAIN); // not retried
        }
    }

    @Test
    void should_keep_ios_waiting_while_apns_refuses_our_key_and_still_send_android() throws Exception {
        apns.reject(IPAD, RejectionReason.INVALID_PROVIDER_TOKEN);
        try (RunningService service = RunningService.start(properties(Map.of(
                "ordercast.circuit.wait-in-open-state", "PT2S",
                "ordercast.notify.provider-down-wait", "PT0.5S")))) {
            register(service, "u-key", PHONE);
            registerIos(service, "u-key", IPAD);
            String orderId = order(service, "u-key", "en", "CREATED");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    service.get("/api/health", RunningService.API_TOKEN).body()).contains("apns misconfigured")
                    .contains("InvalidProviderToken"));
            await().atMost(Duration.ofSeconds(20)).until(() -> push(service, orderId, TEMPLATE).stream()
                    .anyMatch(n -> "…AAAAAA".equals(n.get("device")) && "SENT".equals(n.get("status"))));
            assertThat(push(service, orderId, TEMPLATE)).filteredOn(n -> "…ad0002".equals(n.get("device")))
                    .singleElement().satisfies(n -> assertThat(n).containsEntry("status", "PENDING").containsEntry("attempts", 0));
            assertThat(devices(service).of("u-key")).hasSize(2);

            apns.acceptAll(); // the operator put the right key in place
            await().atMost(Duration.ofSeconds(20)).until(() -> push(service, orderId, TEMPLATE).stream()
                    .allMatch(n -> "SENT".equals(n.get("status"))));
        }
    }

    @Test
    void should_send_one_push_per_device_in_the_buyers_locale_with_the_orders_data() throws Exception {
        try (RunningService service = RunningService.start(properties(Map.of()))) {
            String buyer = "u-push-1";
            register(service, buyer, PHONE);
            register(service, buyer, TABLET);
            String zhOrder = paidOrder(service, buyer, "zh-CN");

            List<Map<String, Object>> pushes = await().atMost(Duration.ofSeconds(20)).until(
                    () -> push(service, zhOrder, "order-paid"),
                    list -> list.size() == 2 && list.stream().allMatch(n -> "SENT".equals(n.get("status"))));
            assertThat(pushes).extracting(n -> n.get("notificationId")).doesNotHaveDuplicates();
            assertThat(pushes).extracting(n -> n.get("device")).containsExactlyInAnyOrder("…BBBBBB", "…AAAAAA");

            List<JsonNode> sent = sentMessages(zhOrder);
            assertThat(sent).hasSize(2);
            assertThat(sent).extracting(m -> m.at("/message/token").asText()).containsExactlyInAnyOrder(PHONE, TABLET);
            JsonNode first = sent.get(0).get("message");
            assertThat(first.at("/notification/title").asText()).isEqualTo("付款成功");
            assertThat(first.at("/notification/body").asText()).contains(zhOrder).contains("已付款");
            assertThat(first.at("/data/orderId").asText()).isEqualTo(zhOrder);
            assertThat(first.at("/data/state").asText()).isEqualTo("PAID");
            assertThat(pushes).extracting(n -> n.get("notificationId"))
                    .contains(first.at("/data/notificationId").asText());
            assertThat(fcm.http.findAll(postRequestedFor(urlPathEqualTo(FcmProvider.SEND_PATH))))
                    .allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + FcmProvider.ACCESS_TOKEN));

            String enOrder = paidOrder(service, "u-push-2", "en");
            // planned before the device is registered (the events are only published above)
            await().atMost(Duration.ofSeconds(20)).until(() -> push(service, enOrder, "order-paid").size() == 1);
            register(service, "u-push-2", PHONE);
            String enPaid = paidOrder(service, "u-push-2", "en");
            await().atMost(Duration.ofSeconds(20)).until(() -> sentMessages(enPaid).size() == 1);
            assertThat(sentMessages(enPaid).get(0).at("/message/notification/title").asText()).isEqualTo("Payment received");
            assertThat(push(service, enOrder, "order-paid")).singleElement()
                    .satisfies(n -> assertThat(n).containsEntry("status", "SUPPRESSED")
                            .containsEntry("reason", "buyer has no push device registered"));
        }
    }

    @Test
    void should_forget_a_device_fcm_calls_unregistered_and_not_retry_it() throws Exception {
        fcm.http.stubFor(post(urlPathEqualTo(FcmProvider.SEND_PATH)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody(FcmProvider.error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found."))));
        try (RunningService service = RunningService.start(properties(Map.of()))) {
            register(service, "u-gone", PHONE);
            String orderId = order(service, "u-gone", "en", "CREATED");

            Map<String, Object> failed = await().atMost(Duration.ofSeconds(20)).until(
                    () -> push(service, orderId, TEMPLATE).stream().findFirst().orElse(Map.of()),
                    n -> "FAILED".equals(n.get("status")));
            assertThat((String) failed.get("reason")).startsWith("permanent: ").contains("UNREGISTERED")
                    .endsWith("device forgotten").doesNotContain(PHONE);
            assertThat(failed).containsEntry("attempts", 1);
            assertThat(devices(service).of("u-gone")).isEmpty();
            fcm.http.verify(1, postRequestedFor(urlPathEqualTo(FcmProvider.SEND_PATH)));
        }
    }

    @Test
    void should_retry_a_push_fcm_could_not_take_and_then_send_it() throws Exception {
        fcm.http.stubFor(post(urlPathEqualTo(FcmProvider.SEND_PATH)).inScenario("busy")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("free")
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0")
                        .withBody(FcmProvider.error(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable."))));
        fcm.http.stubFor(post(urlPathEqualTo(FcmProvider.SEND_PATH)).inScenario("busy")
                .whenScenarioStateIs("free").willReturn(aResponse().withStatus(200).withBody("{\"name\":\"m-1\"}")));
        try (RunningService service = RunningService.start(properties(Map.of()))) {
            register(service, "u-busy", PHONE);
            String orderId = order(service, "u-busy", "en", "CREATED");

            Map<String, Object> sent = await().atMost(Duration.ofSeconds(20)).until(
                    () -> push(service, orderId, TEMPLATE).stream().findFirst().orElse(Map.of()),
                    n -> "SENT".equals(n.get("status")));
            assertThat(sent).containsEntry("attempts", 2);
            assertThat(devices(service).of("u-busy")).hasSize(1);
        }
    }

    @Test
    void should_retry_a_push_apns_could_not_take_and_then_send_it() throws Exception {
        apns.rejectFirst(IPAD, RejectionReason.INTERNAL_SERVER_ERROR, 1);
        try (RunningService service = RunningService.start(properties(Map.of()))) {
            registerIos(service, "u-apns-busy", IPAD);
            String orderId = order(service, "u-apns-busy", "en", "CREATED");

            Map<String, Object> sent = await().atMost(Duration.ofSeconds(20)).until(
                    () -> push(service, orderId, TEMPLATE).stream().findFirst().orElse(Map.of()),
                    n -> "SENT".equals(n.get("status")));
            assertThat(sent).containsEntry("attempts", 2);
            assertThat(apns.calls).filteredOn(IPAD::equals).hasSize(2);
            assertThat(devices(service).of("u-apns-busy")).hasSize(1);
        }
    }

    @Test
    void should_open_the_circuit_on_refused_credentials_keep_device_and_message_and_send_once_fixed() throws Exception {
        fcm.http.stubFor(post(urlPathEqualTo(FcmProvider.SEND_PATH)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody(FcmProvider.error(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR", "Auth error from APNS or Web Push Service"))));
        try (RunningService service = RunningService.start(properties(Map.of(
                "ordercast.circuit.wait-in-open-state", "PT2S",
                "ordercast.notify.provider-down-wait", "PT0.5S")))) {
            register(service, "u-cred", PHONE);
            String orderId = order(service, "u-cred", "en", "CREATED");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> health = service.get("/api/health", RunningService.API_TOKEN);
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("provider-setup").contains("fcm misconfigured")
                        .contains("THIRD_PARTY_AUTH_ERROR");
            });
            assertThat(service.get("/observe/health", null).statusCode()).isEqualTo(503);
            // the circuit's first half-open trial (PT2S after it opened), refused again
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> fcm.http.findAll(postRequestedFor(urlPathEqualTo(FcmProvider.SEND_PATH))).size() >= 2);
            assertThat(push(service, orderId, TEMPLATE)).singleElement()
                    .satisfies(n -> assertThat(n).containsEntry("status", "PENDING").containsEntry("attempts", 0));
            assertThat(devices(service).of("u-cred")).hasSize(1);
            // the circuit lets a trial through now and then, not every waiting message: a few calls, not dozens
            assertThat(fcm.http.findAll(postRequestedFor(urlPathEqualTo(FcmProvider.SEND_PATH)))).hasSizeBetween(1, 4);

            fcm.accept(); // the operator fixed the service account
            await().atMost(Duration.ofSeconds(20)).until(
                    () -> push(service, orderId, TEMPLATE).stream().findFirst().orElse(Map.of()),
                    n -> "SENT".equals(n.get("status")));
            await().atMost(Duration.ofSeconds(5)).until(
                    () -> service.get("/api/health", RunningService.API_TOKEN).statusCode() == 200);
        }
    }

    @Test
    void should_suppress_push_to_devices_whose_provider_is_not_configured_and_stay_healthy() throws Exception {
        Map<String, String> withoutFcm = new HashMap<>(properties(Map.of()));
        withoutFcm.remove("ordercast.fcm.credentials-file");
        try (RunningService service = RunningService.start(withoutFcm)) {
            register(service, "u-nofcm", PHONE);
            String orderId = order(service, "u-nofcm", "en", "CREATED");

            Map<String, Object> push = await().atMost(Duration.ofSeconds(20)).until(
                    () -> push(service, orderId, TEMPLATE).stream().findFirst().orElse(Map.of()),
                    n -> n.get("status") != null);
            assertThat(push).containsEntry("status", "SUPPRESSED")
                    .containsEntry("reason", "fcm is not configured: ordercast.fcm.credentials-file is unset");
            assertThat(service.get("/observe/health", null).statusCode()).isEqualTo(200);
            assertThat(fcm.http.findAll(postRequestedFor(urlPathEqualTo(FcmProvider.SEND_PATH)))).isEmpty();
        }
    }

    private Map<String, String> properties(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(fcm.serviceProperties());
        properties.putAll(apns.serviceProperties());
        properties.put("ordercast.outbox.channels", "push");
        properties.put("ordercast.outbox.grace", "PT2S");
        properties.put("ordercast.outbox.relay-interval", "PT0.3S");
        properties.put("ordercast.notify.retry.initial-delay", "PT0.1S");
        properties.putAll(extra);
        return properties;
    }

    private static void registerIos(RunningService service, String recipient, String token) throws Exception {
        assertThat(service.put("/api/recipients/" + recipient + "/devices/" + token, "{\"platform\":\"ios\"}")
                .statusCode()).isEqualTo(204);
    }

    private static void register(RunningService service, String recipient, String token) throws Exception {
        assertThat(service.put("/api/recipients/" + recipient + "/devices/" + token, "{\"platform\":\"android\"}")
                .statusCode()).isEqualTo(204);
    }

    private static String paidOrder(RunningService service, String buyer, String locale) {
        return order(service, buyer, locale, "CREATED", "PAID");
    }

    /** A new order of the buyer taken through the states, its events in sequence. */
    private static String order(RunningService service, String buyer, String locale, String... states) {
        String orderId = Events.newOrderId();
        for (int i = 0; i < states.length; i++) {
            String state = states[i];
            Events.Builder e = event(orderId, state).sequence(i + 1);
            ((com.fasterxml.jackson.databind.node.ObjectNode) e.node().get("buyer")).put("id", buyer).put("locale", locale);
            service.publish(e);
        }
        return orderId;
    }

    private static List<Map<String, Object>> push(RunningService service, String orderId, String template) {
        return service.notifications(orderId).stream()
                .filter(n -> "push".equals(n.get("channel")) && template.equals(n.get("template"))).toList();
    }

    /** The PAID pushes of the order that reached FCM. */
    private List<JsonNode> sentMessages(String orderId) {
        return fcm.http.findAll(postRequestedFor(urlPathEqualTo(FcmProvider.SEND_PATH))).stream()
                .map(LoggedRequest::getBodyAsString).map(PushDeliveryIT::json)
                .filter(m -> orderId.equals(m.at("/message/data/orderId").asText()))
                .filter(m -> "PAID".equals(m.at("/message/data/state").asText())).toList();
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RecipientDevices devices(RunningService service) {
        return service.context().getRegistry().lookupByNameAndType("recipientDevices", RecipientDevices.class);
    }
}
