package io.ordercast.digest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.ordercast.db.Jdbc;
import io.ordercast.support.Browser;
import io.ordercast.support.Events;
import io.ordercast.support.PackagedRoutes;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docs/integrators.md's digest recipe, end to end: the seller's "ship this order" mail as a digest (embedded broker,
 * database, SMTP): one mail per window listing the orders, cancelled orders left out, max-items, a restart in the
 * middle, opt-outs and quiet hours.
 */
class DigestIT {

    private static final String SELLER_LINE = "plan:order-to-ship?role=seller&channel=email&priority=HIGH";

    @TempDir
    Path work;

    @Test
    void should_send_one_mail_listing_the_orders_paid_within_the_window_leaving_out_a_cancelled_one() throws Exception {
        try (Providers providers = new Providers(); RunningService service = start(providers, "PT8S", 50)) {
            String seller = newSeller();
            String first = paidOrder(service, seller);
            String second = paidOrder(service, seller);
            String cancelled = paidOrder(service, seller);
            service.publish(sellerOf(event(cancelled, "CANCELLED").sequence(3), seller));
            // within the window, so the cancel is in before the digest goes
            await().atMost(Duration.ofSeconds(8)).until(() -> "CANCELLED".equals(state(service, cancelled)));

            await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(providers, seller).size() == 1);
            MimeMessage mail = mailsTo(providers, seller).get(0);
            assertThat(mail.getSubject()).isEqualTo("Please ship 2 paid orders");
            assertThat(GreenMailUtil.getBody(mail)).contains(first, second).doesNotContain(cancelled);

            await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(status(service, first)));
            String digestId = (String) toShip(service, first).get("digestId");
            assertThat(digestId).startsWith("dg-");
            assertThat(toShip(service, second)).containsEntry("status", "SENT").containsEntry("digestId", digestId);
            assertThat(toShip(service, cancelled)).containsEntry("status", "SUPPRESSED").containsEntry("digestId", digestId)
                    .containsEntry("reason", "order CANCELLED before its digest was sent");
            assertThat(GreenMailUtil.getBody(mail)).contains(digestId);
        }
    }

    @Test
    void should_not_send_a_digest_whose_every_order_was_cancelled() throws Exception {
        try (Providers providers = new Providers(); RunningService service = start(providers, "PT4S", 50)) {
            String seller = newSeller();
            String cancelled = paidOrder(service, seller);
            service.publish(sellerOf(event(cancelled, "CANCELLED").sequence(3), seller));
            await().atMost(Duration.ofSeconds(4)).until(() -> "CANCELLED".equals(state(service, cancelled)));

            await().atMost(Duration.ofSeconds(20)).until(() -> "SUPPRESSED".equals(status(service, cancelled)));
            String digestId = (String) toShip(service, cancelled).get("digestId");
            await().atMost(Duration.ofSeconds(10)).until(() -> digestError(service, digestId) != null);
            assertThat(digestError(service, digestId)).isEqualTo("every order of the digest was cancelled or refunded");
            assertThat(mailsTo(providers, seller)).isEmpty();
        }
    }

    @Test
    void should_send_a_digest_at_once_when_it_reaches_max_items_and_open_the_next_window() throws Exception {
        try (Providers providers = new Providers(); RunningService service = start(providers, "PT1H", 2)) {
            String seller = newSeller();
            String first = paidOrder(service, seller);
            String second = paidOrder(service, seller);

            await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(providers, seller).size() == 1);
            assertThat(GreenMailUtil.getBody(mailsTo(providers, seller).get(0))).contains(first, second);

            String third = paidOrder(service, seller);
            await().atMost(Duration.ofSeconds(10)).until(() -> toShip(service, third) != null);
            await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(status(service, second)));
            assertThat(toShip(service, third)).containsEntry("status", "PENDING");
            assertThat(toShip(service, third).get("digestId")).isNotNull()
                    .isNotEqualTo(toShip(service, first).get("digestId"));
            assertThat(mailsTo(providers, seller)).hasSize(1);
        }
    }

    @Test
    void should_neither_lose_nor_double_a_digest_across_a_restart() throws Exception {
        try (Providers providers = new Providers(); RunningService service = start(providers, "PT10S", 50)) {
            String seller = newSeller();
            String first = paidOrder(service, seller);
            String second = paidOrder(service, seller);
            await().atMost(Duration.ofSeconds(10)).until(() -> toShip(service, first) != null && toShip(service, second) != null);
            assertThat(toShip(service, first)).containsEntry("status", "PENDING");

            service.stopMain();
            service.startMain();

            await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(providers, seller).size() == 1);
            assertThat(GreenMailUtil.getBody(mailsTo(providers, seller).get(0))).contains(first, second);
            await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(status(service, second)));
            // a second send would come within a few poll intervals of the first
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> mailsTo(providers, seller).size() == 1);
            assertThat(toShip(service, first)).containsEntry("status", "SENT");
        }
    }

    @Test
    void should_apply_the_recipients_opt_out_and_quiet_hours_to_the_digest() throws Exception {
        try (Providers providers = new Providers(); RunningService service = start(providers, "PT2S", 50)) {
            String optedOut = newSeller();
            assertThat(service.put("/api/recipients/" + optedOut + "/preferences", "{\"optOut\":[\"email\"]}")
                    .statusCode()).isEqualTo(204);
            String resting = newSeller();
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            DateTimeFormatter hours = DateTimeFormatter.ofPattern("HH:mm");
            assertThat(service.put("/api/recipients/" + resting + "/preferences", "{\"quietHours\":{\"start\":\""
                    + now.minusHours(1).format(hours) + "\",\"end\":\"" + now.plusHours(1).format(hours)
                    + "\",\"zone\":\"UTC\"}}").statusCode()).isEqualTo(204);
            String notWanted = paidOrder(service, optedOut);
            String atNight = paidOrder(service, resting);

            await().atMost(Duration.ofSeconds(20)).until(() -> "SUPPRESSED".equals(status(service, notWanted)));
            assertThat((String) toShip(service, notWanted).get("reason")).contains("recipient opted out of email");
            String deferred = (String) toShip(service, atNight).get("digestId");
            await().atMost(Duration.ofSeconds(20)).until(() -> digestError(service, deferred) != null);
            assertThat(digestError(service, deferred)).startsWith("deferred by quiet hours");
            assertThat(toShip(service, atNight)).containsEntry("status", "PENDING");
            assertThat(mailsTo(providers, optedOut)).isEmpty();
            assertThat(mailsTo(providers, resting)).isEmpty();
        }
    }

    @Test
    void should_send_one_digest_when_two_instances_plan_the_orders_of_its_window() throws Exception {
        try (Providers providers = new Providers(); RunningService first = start(providers, "PT8S", 50);
             RunningService second = RunningService.startAnotherInstance(first)) {
            String seller = newSeller();
            List<String> orders = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                orders.add(paidOrder(first, seller));
            }

            await().atMost(Duration.ofSeconds(40)).until(() -> orders.stream().allMatch(o -> "SENT".equals(status(first, o))));
            assertThat(mailsTo(providers, seller)).singleElement()
                    .satisfies(mail -> assertThat(GreenMailUtil.getBody(mail)).contains(orders));
            assertThat(orders.stream().map(o -> toShip(first, o).get("digestId")).distinct()).hasSize(1);
            assertThat(second.order(orders.get(0))).isNotNull();
        }
    }

    @Test
    void should_fail_every_order_of_a_digest_that_fails_for_good() throws Exception {
        try (Providers providers = new Providers(); RunningService service = start(providers, "PT1H", 1)) {
            String seller = newSeller();
            String orderId = Events.newOrderId();
            for (String state : List.of("CREATED", "PAID")) {
                Events.Builder e = sellerOf(event(orderId, state).sequence("CREATED".equals(state) ? 1 : 2), seller);
                // a trailing dot: not one valid address, refused before the relay is asked
                ((ObjectNode) e.node().get("seller")).put("email", seller + "@acme.example.");
                service.publish(e);
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(status(service, orderId)));
            assertThat((String) toShip(service, orderId).get("reason")).startsWith("digest dg-").contains("permanent");
        }
    }

    @Test
    void should_show_the_digest_id_beside_the_notification_on_the_operator_page() throws Exception {
        assumeTrue(Browser.available(), "no headless Chromium (" + Browser.CHROMIUM + ", " + Browser.CHROMEDRIVER + ")");
        try (Providers providers = new Providers(); RunningService service = start(providers, "PT1H", 1);
             Browser browser = Browser.start(work.resolve("chromedriver.log"))) {
            String order = paidOrder(service, newSeller());
            await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(status(service, order)));
            String digestId = (String) toShip(service, order).get("digestId");

            browser.open(service.uri("/ui/").toString());
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> browser.text("#login-status")
                    .startsWith("enter the API token"));
            browser.type("#token", RunningService.API_TOKEN);
            browser.click("#login button[type=submit]");
            browser.type("#order-id", order);
            browser.click("#search button[type=submit]");

            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> browser.texts("#notifications tbody tr")
                    .stream().anyMatch(row -> row.contains("order-to-ship") && row.contains("SENT") && row.contains(digestId)));
        }
    }

    private RunningService start(Providers providers, String window, int maxItems) throws Exception {
        Path routes = PackagedRoutes.copyTo(work.resolve("routes"));
        Path router = routes.resolve("order-router.camel.yaml");
        String original = Files.readString(router);
        assertThat(original).contains(SELLER_LINE + "\"");
        Files.writeString(router, original.replace(SELLER_LINE + "\"", SELLER_LINE + "&digest=" + window + "\""));
        Map<String, String> properties = providers.serviceProperties();
        properties.put("ordercast.routes.dir", routes.toString());
        properties.put("ordercast.digest.max-items", String.valueOf(maxItems));
        return RunningService.start(properties);
    }

    private static String newSeller() {
        return "s-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new order of the seller's, created and paid; its buyer is its own, so no buyer cap is reached. */
    private static String paidOrder(RunningService service, String seller) {
        String orderId = Events.newOrderId();
        List<String> states = List.of("CREATED", "PAID");
        for (int i = 0; i < states.size(); i++) {
            Events.Builder e = sellerOf(event(orderId, states.get(i)).sequence(i + 1), seller);
            ((ObjectNode) e.node().get("buyer")).put("id", "u-" + orderId);
            service.publish(e);
        }
        return orderId;
    }

    private static Events.Builder sellerOf(Events.Builder event, String seller) {
        ObjectNode party = (ObjectNode) event.node().get("seller");
        party.put("id", seller);
        party.put("email", seller + "@acme.example");
        party.put("locale", "en");
        ((ObjectNode) event.node().get("buyer")).put("id", "u-" + event.node().get("orderId").asText());
        return event;
    }

    private static String state(RunningService service, String orderId) {
        Map<String, Object> order = service.order(orderId);
        return order == null ? null : (String) order.get("state");
    }

    /** The order's "ship this order" notification, as the order view shows it; null before it is planned. */
    private static Map<String, Object> toShip(RunningService service, String orderId) {
        return service.notifications(orderId).stream().filter(n -> "order-to-ship".equals(n.get("template")))
                .findFirst().orElse(null);
    }

    private static String digestError(RunningService service, String digestId) {
        Jdbc jdbc = service.context().getRegistry().lookupByNameAndType("jdbc", Jdbc.class);
        return jdbc.sql().sql("SELECT last_error FROM notifications WHERE notification_id = ?").param(digestId)
                .query(String.class).optional().orElse(null);
    }

    private static String status(RunningService service, String orderId) {
        Map<String, Object> n = toShip(service, orderId);
        return n == null ? null : (String) n.get("status");
    }

    /** The "ship these orders" digests the seller received (the seller also gets the cancellation's own mail). */
    private static List<MimeMessage> mailsTo(Providers providers, String seller) {
        return providers.allMail().stream().filter(m -> {
            try {
                return m.getSubject().startsWith("Please ship") && Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equals(seller + "@acme.example"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
