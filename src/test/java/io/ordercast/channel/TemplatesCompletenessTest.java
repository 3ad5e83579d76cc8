package io.ordercast.channel;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import freemarker.cache.ClassTemplateLoader;
import freemarker.template.Configuration;
import freemarker.template.Template;
import io.ordercast.digest.DigestModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every notification the router can plan, on every templated channel, has a zh-CN and an en
 * template that renders with an event's variables.
 */
class TemplatesCompletenessTest {

    private static final Pattern PLAN = Pattern.compile("plan:([\\w-]+)\\?role=(\\w+)&channel=(\\w+)");

    static Stream<Arguments> plannedTemplates() throws IOException {
        String router = Files.readString(Path.of("src/main/resources/routes/order-router.camel.yaml"));
        Set<List<String>> pairs = new LinkedHashSet<>();
        Matcher m = PLAN.matcher(router);
        while (m.find()) {
            if (!"webhook".equals(m.group(3))) {
                pairs.add(List.of(m.group(1), m.group(3)));
            }
        }
        assertThat(pairs).hasSizeGreaterThan(15);
        return pairs.stream().flatMap(p -> Stream.of("zh-CN", "en").map(locale -> Arguments.of(p.get(0), p.get(1), locale)));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("plannedTemplates")
    void should_have_and_render_a_template(String template, String channel, String locale) throws Exception {
        Configuration freemarker = packagedTemplates();
        String name = localeOwn(freemarker, template, channel, locale);

        Template t = freemarker.getTemplate(name);
        StringWriter out = new StringWriter();
        t.process(TemplateModel.of(new ObjectMapper().readTree(SAMPLE), "buyer", locale), out);

        assertThat(out.toString()).contains("SO-1").doesNotContain("${");
    }

    /**
     * The digest templates that ship ({@code <template>-digest}, for an integrator's {@code digest=} line) and those a
     * digest line of the packaged router needs, on each channel their notification's own template is shipped for.
     */
    static Stream<Arguments> digestTemplates() throws IOException {
        Set<List<String>> pairs = new LinkedHashSet<>();
        Path templates = Path.of("src/main/resources/templates");
        try (Stream<Path> dirs = Files.list(templates)) {
            dirs.map(d -> d.getFileName().toString()).filter(name -> name.endsWith("-digest")).forEach(digest -> {
                String of = digest.substring(0, digest.length() - "-digest".length());
                try (Stream<Path> files = Files.list(templates.resolve(of))) {
                    files.map(f -> f.getFileName().toString().split("\\.")[0]).distinct()
                            .forEach(channel -> pairs.add(List.of(digest, channel)));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        Matcher m = DIGEST_LINE.matcher(Files.readString(Path.of("src/main/resources/routes/order-router.camel.yaml")));
        while (m.find()) {
            pairs.add(List.of(m.group(1) + "-digest", m.group(2)));
        }
        assertThat(pairs).contains(List.of("order-to-ship-digest", "email"));
        return pairs.stream().flatMap(p -> Stream.of("zh-CN", "en").map(locale -> Arguments.of(p.get(0), p.get(1), locale)));
    }

    private static Configuration packagedTemplates() {
        Configuration freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setTemplateLoader(new ClassTemplateLoader(TemplatesCompletenessTest.class.getClassLoader(), "templates"));
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setLocalizedLookup(false);
        return freemarker;
    }

    /** The template the service would find, checked to be the locale's own (no fallback to another language). */
    private static String localeOwn(Configuration freemarker, String template, String channel, String locale)
            throws IOException {
        String name = new NotificationTemplates(freemarker, PACKAGED_CHANNELS).locate(template, channel, locale);
        assertThat(name).as("the template found for %s is the locale's own", locale).contains("." + locale + ".");
        return name;
    }

    private static final Pattern DIGEST_LINE = Pattern.compile("plan:([\\w-]+)\\?[^\"]*channel=(\\w+)[^\"]*digest=");

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("digestTemplates")
    void should_have_a_digest_template_listing_each_order(String template, String channel, String locale) throws Exception {
        Configuration freemarker = packagedTemplates();
        String name = localeOwn(freemarker, template, channel, locale);
        ObjectMapper json = new ObjectMapper();
        var second = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(SAMPLE);
        second.put("orderId", "SO-2");
        second.with("buyer").put("name", "<b>Mallory</b>");

        StringWriter out = new StringWriter();
        freemarker.getTemplate(name).process(DigestModel.of("dg-1", json.readTree(SAMPLE),
                List.of(json.readTree(SAMPLE), second), "seller", locale), out);

        assertThat(out.toString()).contains("SO-1", "SO-2", "Kettle", "dg-1", "&lt;b&gt;Mallory")
                .doesNotContain("${", "<b>Mallory");
    }

    // as application.properties describes them (ordercast.channel.<name>.template)
    private static final ChannelAvailability PACKAGED_CHANNELS = new ChannelAvailability(java.util.Map.of(
            "email", new ChannelDescriptor("email", "email", ChannelDescriptor.TemplateKind.HTML, List.of(), List.of("smtp"), null),
            "sms", new ChannelDescriptor("sms", "phone", ChannelDescriptor.TemplateKind.TEXT, List.of(), List.of("sms"), null),
            // the push templates ship ahead of the push channel (issue 10); it will render plain text
            "push", new ChannelDescriptor("push", null, ChannelDescriptor.TemplateKind.TEXT, List.of(), List.of("fcm"), null)),
            Set.of("email", "sms", "push"), java.util.Map.of());

    private static final String SAMPLE = """
            {"eventId":"e","orderId":"SO-1","state":"SHIPPED","occurredAt":"2026-11-22T08:15:30Z",
             "buyer":{"id":"u","name":"李雷"},"seller":{"id":"s","name":"Acme"},
             "order":{"total":"199.00","currency":"CNY","items":[{"sku":"A-1","name":"Kettle","quantity":1}]},
             "shipment":{"carrier":"SF Express","trackingNumber":"SF1"},"refund":{"amount":"199.00","reason":"damaged"}}
            """;

}
