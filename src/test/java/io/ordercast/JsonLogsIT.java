package io.ordercast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.demo.SampleOrder;
import io.ordercast.support.Events;
import io.ordercast.support.LogCapture;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ordercast.log.format=json, as a log shipper reads it: every line one JSON object with timestamp, level, logger,
 * thread and message, the MDC ids as fields of their own, and the buyer's e-mail address and phone number masked
 * as in the text format.
 */
class JsonLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_write_one_json_object_per_line_with_the_ids_of_the_work_and_no_address() throws Exception {
        String orderId;
        List<String> written;
        try (Providers providers = new Providers(); LogCapture logs = LogCapture.formattedAs("json")) {
            try (RunningService service = RunningService.start(providers.serviceProperties())) {
                orderId = Events.publishShippedOrder(service);
                String id = orderId;
                await().atMost(Duration.ofSeconds(30)).until(() -> List.of("email", "sms", "webhook").stream()
                        .allMatch(channel -> service.notifications(id).stream().anyMatch(
                                n -> channel.equals(n.get("channel")) && "SENT".equals(n.get("status")))));
            }
            written = logs.formatted();
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : written) {
            assertThat(line).as("one line per event").endsWith("\n");
            assertThat(line.stripTrailing()).doesNotContain("\n").doesNotContain("\r");
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            assertThat(node.fieldNames()).toIterable().as(line).contains("timestamp", "level", "logger", "thread", "message");
            lines.add(node);
        }
        String id = orderId;
        assertThat(lines).as("the tracking line of an event, with its ids")
                .anyMatch(l -> l.path("message").asText().startsWith("order " + id + " event")
                        && id.equals(l.path("orderId").asText()) && !l.path("eventId").asText().isEmpty());
        assertThat(lines).as("a channel line, with the notification's id")
                .anyMatch(l -> l.path("message").asText().contains(" SENT")
                        && l.path("message").asText().contains(l.path("notificationId").asText("-")));
        assertThat(lines).as("after the work, lines without its ids")
                .anyMatch(l -> !l.has("orderId") && !l.has("notificationId"));

        JsonNode buyer = SampleOrder.event(orderId, "CREATED").get("buyer");
        List<String> addresses = List.of(buyer.get("email").asText(), buyer.get("phone").asText(),
                buyer.get("phone").asText().replace("+", ""));
        // GreenMail, the test's SMTP server, logs the mailboxes it makes: not the service's lines
        assertThat(written).as("lines quoting the buyer's address or phone")
                .filteredOn(l -> !l.contains("\"logger\":\"com.icegreen."))
                .noneMatch(l -> addresses.stream().anyMatch(l::contains));
    }

    @Test
    void should_pick_the_json_appender_by_ordercast_log_format() throws Exception {
        assertThat(rootAppenders(null)).containsExactly("text");
        assertThat(rootAppenders("json")).containsExactly("json");
        assertThat(OrdercastApplication.logFormatProblem(null, null)).isNull();
        assertThat(OrdercastApplication.logFormatProblem(null, "json")).isNull();
        assertThat(OrdercastApplication.logFormatProblem("text", "json")).isNull();
        assertThat(OrdercastApplication.logFormatProblem("JSON", null)).contains("must be text or json");
        assertThat(OrdercastApplication.logFormatProblem(null, "")).contains("must be text or json");
    }

    private static List<String> rootAppenders(String format) throws Exception {
        String before = System.getProperty("ordercast.log.format");
        if (format != null) {
            System.setProperty("ordercast.log.format", format);
        }
        try {
            Configuration configuration = ConfigurationFactory.getInstance().getConfiguration(
                    new LoggerContext("log-format-check"), ConfigurationSource.fromResource("log4j2.properties",
                            JsonLogsIT.class.getClassLoader()));
            configuration.initialize();
            return configuration.getRootLogger().getAppenderRefs().stream().map(AppenderRef::getRef).toList();
        } finally {
            if (before == null) {
                System.clearProperty("ordercast.log.format");
            } else {
                System.setProperty("ordercast.log.format", before);
            }
        }
    }
}
