package io.ordercast;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ordercast.amqp.PublishCommand;
import io.ordercast.api.OrderQueries;
import io.ordercast.support.LogCapture;
import io.ordercast.support.RunningService;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code java -jar target/ordercast.jar publish <file.json>}: a newcomer sends an event of their own, from
 * docs/examples, to a running service, on the broker it is configured with or on its embedded one, whose
 * address the service logs at start.
 */
class PublishCommandIT {

    private static final String EXAMPLE_ORDER = "SO-EXAMPLE-1";
    private static final Pattern PUBLISH_WITH = Pattern.compile(
            "publish with: ORDERCAST_RABBITMQ_URL=(amqp://\\S+) java -jar target/ordercast\\.jar publish docs/examples/created\\.json");

    @Test
    void should_make_the_sample_order_appear_when_its_created_event_is_published_to_the_running_service() {
        try (RunningService service = RunningService.start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = PublishCommand.publish(service.property("ordercast.rabbitmq.url"),
                    List.of("docs/examples/created.json"), new PrintStream(out, true, StandardCharsets.UTF_8));

            assertThat(exit).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("docs/examples/created.json: published to order.events with routing key order.created");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(service.order(EXAMPLE_ORDER))
                    .isNotNull()
                    .containsEntry("state", "CREATED"));
        }
    }

    @Test
    void should_log_once_at_start_the_publish_command_that_reaches_the_embedded_broker() throws Exception {
        Main main = OrdercastApplication.newMain();
        main.addOverrideProperty("ordercast.rabbitmq.url", "embedded");
        main.addOverrideProperty("ordercast.db.url", "jdbc:h2:file:./target/publish-embedded/" + UUID.randomUUID()
                + "/ordercast;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;LOCK_TIMEOUT=10000");
        main.addOverrideProperty("ordercast.http.port", "0");
        main.addOverrideProperty("ordercast.api.token", RunningService.API_TOKEN);
        main.addOverrideProperty("ordercast.outbox.channels", "none");
        try (LogCapture log = LogCapture.begin()) {
            main.start();
            try {
                List<String> told = log.lines().stream().map(LogCapture.Line::message)
                        .filter(m -> m.contains("publish with:")).toList();
                assertThat(told).hasSize(1);
                Matcher command = PUBLISH_WITH.matcher(told.get(0));
                assertThat(command.find()).as(told.get(0)).isTrue();

                int exit = PublishCommand.publish(command.group(1), List.of("docs/examples/created.json"),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

                assertThat(exit).isZero();
                OrderQueries orders = main.getCamelContext().getRegistry().lookupByNameAndType("orderQueries", OrderQueries.class);
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                        assertThat(orders.order(EXAMPLE_ORDER).state()).isEqualTo("CREATED"));
            } finally {
                main.stop();
            }
        }
    }

    @Test
    void should_refuse_the_embedded_url_and_name_where_a_running_service_tells_its_broker() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = PublishCommand.publish("embedded", List.of("docs/examples/created.json"),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("publish with: ORDERCAST_RABBITMQ_URL=");
    }

    @Test
    void should_not_publish_a_file_without_a_state_and_exit_1(@TempDir Path dir) throws Exception {
        Path stateless = Files.writeString(dir.resolve("stateless.json"), "{\"orderId\": \"SO-1\"}");
        try (RunningService service = RunningService.start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            int exit = PublishCommand.publish(service.property("ordercast.rabbitmq.url"), List.of(stateless.toString()),
                    new PrintStream(out, true, StandardCharsets.UTF_8));

            assertThat(exit).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("not published: it has no \"state\"");
        }
    }

    @Test
    void should_take_the_broker_from_the_property_then_the_environment_then_the_packaged_default() {
        Map<String, String> environment = Map.of("ORDERCAST_RABBITMQ_URL", "amqp://env:5672");

        assertThat(PublishCommand.brokerUrl("amqp://prop:5672", environment)).isEqualTo("amqp://prop:5672");
        assertThat(PublishCommand.brokerUrl(null, environment)).isEqualTo("amqp://env:5672");
        assertThat(PublishCommand.brokerUrl(null, Map.of())).isEqualTo("embedded");
    }

    @Test
    void should_print_its_usage_and_exit_1_when_the_jar_is_given_no_file() throws Exception {
        assertThat(OrdercastApplication.run(new String[] {"publish"})).isEqualTo(1);
    }
}
