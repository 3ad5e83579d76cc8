package io.ordercast.preview;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ordercast.support.Browser;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operator's page's Preview view in headless Chromium: a sample event picked (one per state, served from
 * docs/examples), a locale picked, each notification shown as its recipient would get it: the HTML mail in a
 * sandboxed frame whose scripts do not run, the SMS with its segments, the push payloads with their size against the
 * limit, the webhook's body and signature headers. The order-created mail in English comes from a templates folder
 * with a script in it. Skipped where chromium and chromium-driver are not installed. Screenshots go to
 * target/preview-page*.png.
 */
class PreviewPageBrowserIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Path TARGET = Path.of("target");
    private static final String SCRIPTED_MAIL = "<!DOCTYPE html><html><head><title>Order ${orderId} received</title></head>"
            + "<body><p>Hello ${recipientName}</p><script>window.parent.injected = 1; document.title = 'ran';</script>"
            + "</body></html>";

    private static Providers providers;
    private static RunningService service;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        if (!Browser.available()) {
            return; // each test is reported skipped, with the reason
        }
        Path templates = Files.createTempDirectory("preview-templates");
        Files.createDirectories(templates.resolve("order-created"));
        Files.writeString(templates.resolve("order-created/email.en.ftlh"), SCRIPTED_MAIL);
        providers = new Providers();
        Map<String, String> properties = providers.serviceProperties();
        properties.put("ordercast.outbox.channels", "email,sms,webhook,push");
        properties.put("ordercast.templates.dir", templates.toString());
        service = RunningService.start(properties);
        browser = Browser.start(TARGET.resolve("preview-page-chromedriver.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        try (AutoCloseable p = providers; AutoCloseable s = service; AutoCloseable b = browser) {
            // closed in reverse order: the browser, the service, the providers (null ones skipped)
        }
    }

    @BeforeEach
    void needs_a_browser() throws Exception {
        assumeTrue(browser != null, "no headless Chromium: install Debian's packages chromium and chromium-driver ("
                + Browser.CHROMIUM + ", " + Browser.CHROMEDRIVER + ")");
        browser.open(service.uri("/ui/").toString());
        browser.script("sessionStorage.clear();");
        browser.open("about:blank");
        browser.open(service.uri("/ui/#preview").toString());
        browser.type("#token", RunningService.API_TOKEN);
        browser.click("#login button[type=submit]");
        await().atMost(PATIENCE).ignoreExceptions().until(() -> !browser.script(
                "return document.getElementById('view-preview').hidden;").asBoolean());
    }

    @Test
    void should_show_each_notification_of_a_sample_event_as_its_recipient_would_get_it() throws Exception {
        pickSample("paid", "CREATED");
        browser.type("#pv-locale", "en");
        browser.click("#preview-form button[type=submit]");

        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.text("#pv-status").startsWith("APPLIED, PAID: "));
        List<String> cards = browser.texts("#pv-result .pv-card .pv-head");
        assertThat(browser.text("#pv-status")).isEqualTo("APPLIED, PAID: " + cards.size() + " notifications");
        assertThat(cards).anySatisfy(c -> assertThat(c).startsWith("order-paid · buyer · email · HIGH · en").contains("SEND"));
        assertThat(cards).anySatisfy(c -> assertThat(c).startsWith("order-to-ship · seller · email · HIGH · en"));
        assertThat(cards).anySatisfy(c -> assertThat(c).startsWith("order-paid · buyer · push")
                .contains("SUPPRESSED", "buyer has no push device registered"));
        assertThat(cards).anySatisfy(c -> assertThat(c).startsWith("order-paid · carrier · webhook").contains("SEND"));

        // the mail in a frame that may do nothing: an empty sandbox, the rendered HTML as its document
        assertThat(browser.script("return Array.from(document.querySelectorAll('iframe.pv-mail'))"
                + ".every(f => f.getAttribute('sandbox') === '');").asBoolean()).isTrue();
        assertThat(browser.script("return document.querySelector('iframe.pv-mail').srcdoc;").asText())
                .contains("<title>Payment received for order SO-EXAMPLE-1</title>");
        assertThat(browser.texts(".pv-subject")).contains("Payment received for order SO-EXAMPLE-1");
        // the push payloads with their size against the provider's limit; the webhook's signature headers
        assertThat(browser.texts(".pv-size")).anySatisfy(s -> assertThat(s).matches("FCM: \\d+ of 4096 bytes"))
                .anySatisfy(s -> assertThat(s).matches("APNs: \\d+ of 4096 bytes"));
        assertThat(browser.texts(".pv-headers td")).contains("X-Ordercast-Signature", "webhook-signature", "webhook-id");
        browser.screenshot(TARGET.resolve("preview-page.png"));
    }

    @Test
    void should_count_the_segments_of_an_sms() throws Exception {
        pickSample("shipped", "PAID");
        browser.click("#preview-form button[type=submit]");

        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.text("#pv-status").startsWith("APPLIED, SHIPPED"));
        assertThat(browser.texts(".pv-sms")).singleElement().asString().contains("SF1234567890");
        assertThat(browser.texts(".pv-size")).anySatisfy(s -> assertThat(s).matches("\\d+ characters, UCS-2, 1 segment"));
        browser.screenshot(TARGET.resolve("preview-page-sms.png"));
    }

    @Test
    void should_run_no_script_of_a_mail() throws Exception {
        pickSample("created", "");
        browser.type("#pv-locale", "en");
        browser.click("#preview-form button[type=submit]");

        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.text("#pv-status").startsWith("APPLIED, CREATED"));
        assertThat(browser.script("return document.querySelector('iframe.pv-mail').srcdoc;").asText()).contains("<script>");
        // given the frame a moment to load what it would run
        await().pollDelay(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> browser.script(
                "const f = document.querySelector('iframe.pv-mail'); return f !== null;").asBoolean());
        assertThat(browser.script("return window.injected === undefined;").asBoolean()).isTrue();
        assertThat(browser.script("return document.querySelectorAll('main script, #pv-result script').length;").asInt())
                .isZero();
        assertThat(browser.texts(".pv-subject")).contains("Order SO-EXAMPLE-1 received");
    }

    @Test
    void should_say_why_the_state_machine_would_refuse_the_event() throws Exception {
        pickSample("paid", "CREATED");
        browser.type("#pv-from", "SHIPPED");
        browser.click("#preview-form button[type=submit]");

        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.text("#pv-status").startsWith("REJECTED"));
        assertThat(browser.text("#pv-status")).isEqualTo("REJECTED: transition SHIPPED -> PAID is not allowed");
        assertThat(browser.texts("#pv-result .pv-card")).isEmpty();
    }

    private static void pickSample(String name, String from) throws Exception {
        browser.script("const s = document.getElementById('pv-sample'); s.value = arguments[0];"
                + " s.dispatchEvent(new Event('change'));", name);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.script(
                "return JSON.parse(document.getElementById('pv-event').value).state;").asText()
                .equals(name.toUpperCase()));
        assertThat(browser.script("return document.getElementById('pv-from').value;").asText()).isEqualTo(from);
    }
}
