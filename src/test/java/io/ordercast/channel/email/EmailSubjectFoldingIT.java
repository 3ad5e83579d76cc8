package io.ordercast.channel.email;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import freemarker.cache.ClassTemplateLoader;
import freemarker.template.Configuration;
import io.ordercast.channel.OutgoingHeaders;
import io.ordercast.channel.Priority;
import io.ordercast.channel.TemplateModel;
import io.ordercast.dispatch.Delivery;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged zh-CN mails, composed by {@link EmailComposer} and sent by camel-mail as the email route sends
 * them, arrive at an SMTP server (GreenMail) with a Subject header whose encoded-words are at most 75 characters
 * and whose lines are at most 76 (RFC 2047 §2), and which decodes back to the template's title.
 */
class EmailSubjectFoldingIT {

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?[^?\\s]+\\?[BbQq]\\?[^?\\s]*\\?=");
    private static final String LONGEST_ORDER_ID = "SO-2026-11-22-" + "0123456789".repeat(5);
    private static final String LONG_PRODUCT = "超长商品名称：不锈钢保温电热水壶（一点七升，食品级三零四内胆，防干烧，自动断电）".repeat(10);

    private static GreenMail smtp;
    private static CamelContext camel;
    private static ProducerTemplate producer;
    private static Configuration freemarker;

    @BeforeAll
    static void start() throws Exception {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        camel = new DefaultCamelContext();
        camel.start();
        producer = camel.createProducerTemplate();
        freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setTemplateLoader(new ClassTemplateLoader(EmailSubjectFoldingIT.class.getClassLoader(), "templates"));
        freemarker.setDefaultEncoding("UTF-8");
    }

    @AfterAll
    static void stop() throws Exception {
        camel.close();
        smtp.stop();
    }

    /**
     * Every packaged zh-CN mail template of one order, with the shortest and the longest order id the schema allows.
     * A digest's subject names a count, not an order (TemplatesCompletenessTest renders the digests).
     */
    static Stream<List<String>> zhCnMails() throws IOException {
        assertThat(LONGEST_ORDER_ID).hasSize(64);
        try (Stream<Path> notifications = Files.list(Path.of("src/main/resources/templates"))) {
            List<String> templates = notifications.filter(d -> Files.exists(d.resolve("email.zh-CN.ftlh")))
                    .filter(d -> !d.getFileName().toString().endsWith("-digest"))
                    .map(d -> d.getFileName() + "/email.zh-CN.ftlh").sorted().toList();
            assertThat(templates).hasSizeGreaterThanOrEqualTo(12);
            return templates.stream().flatMap(t -> Stream.of("S", "SO-20261122-000123", LONGEST_ORDER_ID)
                    .map(orderId -> List.of(t, orderId)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zhCnMails")
    void should_arrive_with_encoded_words_and_lines_that_rfc_2047_allows(List<String> mail) throws Exception {
        String template = mail.get(0);
        String orderId = mail.get(1);
        String html = render(template, orderId);
        String title = OutgoingHeaders.oneLine(Jsoup.parse(html).title());
        assertThat(title).as("the subject names the order").contains(orderId);

        MimeMessage received = send(html, orderId);

        List<String> lines = subjectLines(GreenMailUtil.getWholeMessage(received));
        assertThat(lines).as("Subject header lines").isNotEmpty()
                .allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(76));
        Matcher words = ENCODED_WORD.matcher(String.join("\r\n", lines));
        int count = 0;
        while (words.find()) {
            count++;
            assertThat(words.group().length()).as(words.group()).isLessThanOrEqualTo(75);
        }
        assertThat(count).as("encoded-words").isPositive();
        assertThat(received.getSubject()).isEqualTo(title);
    }

    private static String render(String template, String orderId) throws Exception {
        Map<String, Object> model = TemplateModel.of(new ObjectMapper().readTree("""
                {"eventId":"e","orderId":"%s","state":"SHIPPED","occurredAt":"2026-11-22T08:15:30Z",
                 "buyer":{"id":"u","name":"李雷"},"seller":{"id":"s","name":"优选家电旗舰店"},
                 "order":{"total":"199.00","currency":"CNY","items":[{"sku":"A-1","name":"%s","quantity":1}]},
                 "shipment":{"carrier":"顺丰速运","trackingNumber":"SF1234567890"},
                 "refund":{"amount":"199.00","reason":"商品破损"}}
                """.formatted(orderId, LONG_PRODUCT)), "buyer", "zh-CN");
        StringWriter out = new StringWriter();
        freemarker.getTemplate(template).process(model, out);
        return out.toString();
    }

    /** Composed and sent as routes/channel-email.camel.yaml does: EmailComposer, then camel-mail's smtp producer. */
    private static MimeMessage send(String html, String orderId) throws Exception {
        String notificationId = "n-" + System.nanoTime();
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty("delivery", new Delivery(notificationId, "email", "t", "zh-CN", Priority.NORMAL, "buyer:u",
                "lilei@example.com", Delivery.SEND, null, Map.of(), null, null, null));
        exchange.getMessage().setBody(html);
        new EmailComposer("Shop <orders@shop.example>").compose(exchange);
        Exchange sent = producer.send("smtp://127.0.0.1:" + smtp.getSmtp().getPort()
                + "?alternativeBodyHeader=CamelMailAlternativeBody", exchange);
        assertThat(sent.getException()).isNull();
        return Stream.of(smtp.getReceivedMessages())
                .filter(m -> notificationId.equals(header(m, EmailComposer.NOTIFICATION_ID_HEADER)))
                .findFirst().orElseThrow(() -> new AssertionError("no mail for " + orderId));
    }

    /** The Subject header as it came over the wire: its first line and its continuation lines. */
    private static List<String> subjectLines(String rawMessage) {
        List<String> lines = new ArrayList<>();
        boolean subject = false;
        for (String line : rawMessage.split("\r\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            if (line.regionMatches(true, 0, "Subject:", 0, 8)) {
                subject = true;
            } else if (line.charAt(0) != ' ' && line.charAt(0) != '\t') {
                subject = false;
            }
            if (subject) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String header(MimeMessage message, String name) {
        try {
            return message.getHeader(name, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
