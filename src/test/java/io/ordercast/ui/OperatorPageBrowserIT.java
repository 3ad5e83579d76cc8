package io.ordercast.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.support.Browser;
import io.ordercast.support.Events;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operator's page (/ui/) in a real browser: Debian's headless Chromium, driven through ChromeDriver.
 * The service runs with a demo-like order (CREATED, PAID, SHIPPED, COMPLETED; the buyer's two push devices
 * with no provider set up, so those pushes are SUPPRESSED; an SMS gateway that refuses, so the SMS becomes a
 * dead letter) and a second order, CREATED then CANCELLED, whose first event id is markup. Skipped where
 * chromium and chromium-driver are not installed. Screenshots go to target/operator-page*.png.
 */
class OperatorPageBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String ANDROID_TOKEN = "demo-phone:APA91bH-sample-fcm-registration-token-0000000000";
    private static final String IOS_TOKEN = "5a3f0c9e1b7d3f6a0c5e9b2d4f8a1c6e3b7d0f5a9c2e6b1d4f8a3c7e0b5ddec0";
    private static final String MARKUP_EVENT_ID = "<img src=x onerror=\"window.injected=1\"><b>x</b>";
    private static final Path TARGET = Path.of("target");
    /** A gateway's path as long as real ones are: the dead letter's error quotes it, in one piece. */
    private static final String SMS_PATH = "/gateway/v2/accounts/ordercast-eu-west-1/messages/outbound-transactional-sms";

    private static Providers providers;
    private static RunningService service;
    private static Browser browser;
    private static String demoOrder;
    private static String cancelledOrder;

    @BeforeAll
    static void start() throws Exception {
        if (!Browser.available()) {
            return; // each test is reported skipped, with the reason (an assumption here would hide them all)
        }
        providers = new Providers();
        Map<String, String> properties = providers.serviceProperties();
        properties.put("ordercast.outbox.channels", "email,sms,webhook,push");
        properties.put("ordercast.sms.url", "http://127.0.0.1:" + providers.http.port() + SMS_PATH);
        providers.http.stubFor(post(urlEqualTo(SMS_PATH)).willReturn(aResponse().withStatus(400)));
        service = RunningService.start(properties);
        assertThat(service.put("/api/recipients/u-1001/devices/" + ANDROID_TOKEN, "{\"platform\":\"android\"}").statusCode()).isEqualTo(204);
        assertThat(service.put("/api/recipients/u-1001/devices/" + IOS_TOKEN, "{\"platform\":\"ios\"}").statusCode()).isEqualTo(204);

        demoOrder = "SO-DEMO-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> lifecycle = List.of("CREATED", "PAID", "SHIPPED", "COMPLETED");
        for (int i = 0; i < lifecycle.size(); i++) {
            Events.Builder event = Events.event(demoOrder, lifecycle.get(i)).sequence(i + 1);
            if (i >= 2) {
                ObjectNode shipment = event.node().putObject("shipment");
                shipment.put("carrier", "SF Express");
                shipment.put("trackingNumber", "SF1234567890");
            }
            service.publish(event);
        }
        cancelledOrder = Events.newOrderId();
        service.publish(Events.event(cancelledOrder, "CREATED").sequence(1).eventId(MARKUP_EVENT_ID));
        service.publish(Events.event(cancelledOrder, "CANCELLED").sequence(2));

        await().atMost(Duration.ofSeconds(30)).until(() -> service.timeline(demoOrder).size() == 4
                && service.timeline(cancelledOrder).size() == 2);
        // the SMS was refused for good and is a dead letter; the rest has been sent or suppressed, but for the
        // review reminder, which waits ordercast.review.delay
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterCount(demoOrder) > 0
                && service.notifications(demoOrder).stream().noneMatch(n -> "PENDING".equals(n.get("status"))
                        && !"review-reminder".equals(n.get("template"))));
        browser = Browser.start(TARGET.resolve("operator-page-chromedriver.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        try (AutoCloseable p = providers; AutoCloseable s = service; AutoCloseable b = browser) {
            // closed in reverse order: the browser, the service, the providers (null ones skipped)
        }
    }

    @BeforeEach
    void needs_a_browser() {
        assumeTrue(browser != null, "no headless Chromium: install Debian's packages chromium and chromium-driver ("
                + Browser.CHROMIUM + ", " + Browser.CHROMEDRIVER + ") to run the operator's page in a browser");
    }

    @AfterEach
    void no_content_security_policy_refusals() throws Exception {
        // a refused inline style or script would show the page working differently than written
        assumeTrue(browser != null);
        assertThat(browser.consoleMessages()).noneMatch(m -> m.contains("Content Security Policy"));
    }

    @Test
    void should_sign_in_search_the_demo_order_and_show_its_timeline_and_notifications() throws Exception {
        openSignedOut("");
        browser.type("#token", RunningService.API_TOKEN);
        browser.click("#login button[type=submit]");
        browser.type("#order-id", demoOrder);
        browser.click("#search button[type=submit]");

        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.texts("#timeline tbody tr").size() == 4);
        assertThat(browser.text("#order-value-state")).isEqualTo("COMPLETED");
        assertThat(browser.text("#order-value-id")).isEqualTo(demoOrder);
        assertThat(browser.texts("#timeline tbody td:nth-child(2)")).containsExactly("CREATED", "PAID", "SHIPPED", "COMPLETED");
        assertThat(browser.texts("#timeline tbody td:nth-child(5)")).containsOnly("APPLIED");
        List<String> notifications = browser.texts("#notifications tbody tr");
        assertThat(notifications).hasSize(service.notifications(demoOrder).size());
        assertThat(notifications).anySatisfy(row -> assertThat(row).contains("push", "…000000", "SUPPRESSED",
                "fcm is not configured"));
        assertThat(notifications).anySatisfy(row -> assertThat(row).contains("…5ddec0", "apns is not configured"));
        assertThat(notifications).anySatisfy(row -> assertThat(row).contains("sms", "FAILED"));
        assertThat(notifications).anySatisfy(row -> assertThat(row).contains("email", "SENT"));
        // the token: in this tab's sessionStorage, not in localStorage, the address or the page
        assertThat(browser.currentUrl()).endsWith("/ui/#order=" + demoOrder).doesNotContain(RunningService.API_TOKEN);
        assertThat(browser.script("return sessionStorage.getItem('ordercast.apiToken');").asText()).isEqualTo(RunningService.API_TOKEN);
        assertThat(browser.script("return localStorage.length;").asInt()).isZero();
        assertThat(browser.script("return document.documentElement.outerHTML;").asText()).doesNotContain(RunningService.API_TOKEN);
        browser.screenshot(TARGET.resolve("operator-page.png"));
    }

    @Test
    void should_open_a_link_to_an_order_and_show_markup_from_the_api_and_the_search_box_as_text() throws Exception {
        openSignedOut("#order=" + cancelledOrder);
        assertThat(browser.script("return document.getElementById('order-id').value;").asText()).isEqualTo(cancelledOrder);
        signIn();

        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.texts("#timeline tbody tr").size() == 2);
        assertThat(browser.text("#order-value-state")).isEqualTo("CANCELLED");
        assertThat(browser.text("#timeline tbody td:first-child")).isEqualTo(MARKUP_EVENT_ID);
        assertThat(browser.script("return document.querySelectorAll('main img, main b').length;").asInt()).isZero();
        assertThat(browser.script("return window.injected === undefined;").asBoolean()).isTrue();

        browser.type("#order-id", "<script>window.injected=2</script>");
        browser.click("#search button[type=submit]");
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.text("#order-status").contains("orderId must be"));
        assertThat(browser.text("#order-status")).startsWith("order <script>window.injected=2</script>: ");
        assertThat(browser.script("return document.querySelectorAll('script').length;").asInt()).isEqualTo(2);
        assertThat(browser.script("return window.injected === undefined;").asBoolean()).isTrue();
    }

    @Test
    void should_list_dead_letters_by_channel_and_replay_one() throws Exception {
        openSignedOut("#dead-letters");
        signIn();
        browser.type("#dl-channel", "sms");
        browser.click("#dead-letter-filter button[type=submit]");

        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.texts("#dead-letters tbody tr").stream()
                .anyMatch(row -> row.contains(demoOrder)));
        assertThat(browser.texts("#dead-letters tbody td:nth-child(2)")).containsOnly("sms");
        assertThat(browser.text("#dl-page")).matches("1–\\d+ of \\d+");
        browser.click("#dead-letters tbody tr button.replay");

        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.text("#dl-status").startsWith("replayed "));
        assertThat(browser.text("#dl-status")).endsWith(": requeued");
        // the list is read again: the row says when it was replayed and how
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.texts("#dead-letters tbody td:nth-child(9)")
                .stream().anyMatch(cell -> cell.endsWith(": requeued")));
        browser.screenshot(TARGET.resolve("operator-page-dead-letters.png"));
    }

    @Test
    void should_fit_the_dead_letters_in_a_1400_px_window_with_every_replay_button_in_view() throws Exception {
        openSignedOut("#dead-letters");
        signIn();
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.texts("#dead-letters tbody tr").stream()
                .anyMatch(row -> row.contains(demoOrder) && row.contains(SMS_PATH)));
        JsonNode layout = deadLetterLayout();
        browser.screenshot(TARGET.resolve("operator-page-dead-letters-1400.png"));

        assertThat(layout.get("window").asInt()).isEqualTo(1400);
        assertThat(layout.get("table").asDouble()).as("the table's right edge").isLessThanOrEqualTo(layout.get("view").asDouble());
        assertReplayButtonsInView(layout);
    }

    @Test
    void should_keep_every_replay_button_in_view_in_a_window_too_narrow_for_the_dead_letters() throws Exception {
        openSignedOut("#dead-letters");
        signIn();
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.texts("#dead-letters tbody tr").stream()
                .anyMatch(row -> row.contains(demoOrder) && row.contains(SMS_PATH)));
        browser.windowSize(800, 1000);
        try {
            // the table scrolls sideways in a container of its own, the Replay column stays at its right edge
            await().atMost(PATIENCE).until(() -> deadLetterLayout().get("window").asInt() == 800);
            JsonNode layout = deadLetterLayout();
            browser.screenshot(TARGET.resolve("operator-page-dead-letters-800.png"));

            assertThat(layout.get("table").asDouble()).as("the table's right edge").isGreaterThan(layout.get("view").asDouble());
            assertReplayButtonsInView(layout);
        } finally {
            browser.windowSize(1400, 1200);
        }
    }

    /** Where the dead-letter table ends, where each Replay button ends and whether it is what shows at its centre. */
    private static JsonNode deadLetterLayout() throws Exception {
        return browser.script("const view = document.documentElement.clientWidth;"
                + " const buttons = Array.from(document.querySelectorAll('#dead-letters tbody button.replay'));"
                + " return { window: window.innerWidth, view: view, page: document.documentElement.scrollWidth,"
                + " table: document.getElementById('dead-letters').getBoundingClientRect().right,"
                + " buttons: buttons.map(b => { const r = b.getBoundingClientRect();"
                + " const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
                + " return { right: r.right, seen: top === b || b.contains(top) }; }) };");
    }

    private static void assertReplayButtonsInView(JsonNode layout) {
        assertThat(layout.get("buttons")).isNotEmpty().allSatisfy(button -> {
            assertThat(button.get("right").asDouble()).as("a Replay button's right edge")
                    .isLessThanOrEqualTo(layout.get("view").asDouble());
            assertThat(button.get("seen").asBoolean()).as("a Replay button is what shows at its own centre").isTrue();
        });
        // the page itself never scrolls sideways
        assertThat(layout.get("page").asInt()).isLessThanOrEqualTo(layout.get("view").asInt());
    }

    @Test
    void should_draw_the_observed_transitions_with_their_probabilities_on_the_edges() throws Exception {
        openSignedOut("#transitions");
        signIn();

        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.script(
                "return document.querySelectorAll('#graph canvas').length;").asInt() > 0
                && !browser.texts("#transitions tbody tr").isEmpty());
        // Cytoscape keeps its instance on the container; its edges carry the labels it draws on the canvas
        JsonNode labels = browser.script("const cy = document.getElementById('graph')._cyreg.cy;"
                + " return cy.edges().map(e => e.source().data('label') + '>' + e.target().data('label') + ' ' + e.data('label'));");
        assertThat(labels).extracting(JsonNode::asText).contains("CREATED>PAID 0.50 (1)", "CREATED>CANCELLED 0.50 (1)",
                "PAID>SHIPPED 1.00 (1)", "SHIPPED>COMPLETED 1.00 (1)");
        assertThat(browser.texts("#transitions tbody tr")).contains("CREATED\tPAID\t1\t0.5000");
        // something was drawn: one of Cytoscape's canvases has pixels that are not transparent
        await().atMost(PATIENCE).until(() -> browser.script("return Array.from(document.querySelectorAll('#graph canvas'))"
                + ".some(c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) return true; } return false; });").asBoolean());
        browser.screenshot(TARGET.resolve("operator-page-transitions.png"));
    }

    /** Opens the page with no token kept, as a new tab would be; no API data is shown. */
    private static void openSignedOut(String hash) throws Exception {
        browser.open(service.uri("/ui/").toString());
        browser.script("sessionStorage.clear();");
        browser.open("about:blank"); // from /ui/ to /ui/#... alone would not load the page again
        browser.open(service.uri("/ui/" + hash).toString());
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.text("#login-status").startsWith("enter the API token"));
        assertThat(browser.texts("#timeline tbody tr")).isEmpty();
    }

    private static void signIn() throws Exception {
        browser.type("#token", RunningService.API_TOKEN);
        browser.click("#login button[type=submit]");
    }

    private static int deadLetterCount(String orderId) throws Exception {
        return JSON.readTree(service.get("/api/dead-letters?orderId=" + orderId, RunningService.API_TOKEN).body())
                .get("total").asInt();
    }
}
