package io.ordercast;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.amqp.QueueType;
import io.ordercast.support.Events;
import io.ordercast.support.LogCapture;
import io.ordercast.support.PackagedRoutes;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import io.ordercast.support.TestInfrastructure;
import jakarta.mail.internet.MimeMessage;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * ordercast.rabbitmq.queue-type=quorum. On the machine's RabbitMQ (CI) the queues are quorum queues (a one-node
 * quorum is still one); on the embedded broker they are plain queues with the same names, so the per-priority
 * queues and their high-first consumption are tested on a laptop too.
 */
class QuorumQueuesIntegrationTest {

    private static final String EMAIL_HIGH = "ordercast.notify.email.high";
    private static final String EMAIL_NORMAL = "ordercast.notify.email.normal";

    private Providers providers;

    @BeforeEach
    void startProviders() {
        providers = new Providers();
    }

    @AfterEach
    void stopProviders() {
        providers.close();
    }

    private RunningService start() {
        return start(Map.of());
    }

    private RunningService start(Map<String, String> more) {
        Map<String, String> properties = providers.serviceProperties();
        properties.put("ordercast.rabbitmq.queue-type", "quorum");
        properties.putAll(more);
        return RunningService.start(properties);
    }

    @Test
    void should_declare_quorum_queues_with_a_queue_per_priority_and_deliver_through_them() throws Exception {
        try (RunningService service = start()) {
            for (String channel : List.of("email", "sms", "webhook", "push")) {
                for (String level : List.of("high", "normal", "low")) {
                    assertThat(service.queueExists("ordercast.notify." + channel + "." + level)).as(channel + " " + level).isTrue();
                }
                assertThat(service.queueExists("ordercast.notify." + channel)).as(channel).isFalse();
            }
            if (TestInfrastructure.usesRealRabbitMq()) {
                // RabbitMQ refuses a declaration that differs from the queue's: proof of each queue's type
                for (String queue : List.of(OrdercastTopology.EVENTS_QUEUE, OrdercastTopology.INVALID_QUEUE,
                        OrdercastTopology.REJECTED_QUEUE, OrdercastTopology.DEAD_LETTER_QUEUE, EMAIL_HIGH, EMAIL_NORMAL)) {
                    assertThat(typeRefusal(queue)).as(queue).contains("x-queue-type").contains("quorum");
                }
            }

            String orderId = Events.newOrderId();
            List<String> states = List.of("CREATED", "PAID", "SHIPPED", "COMPLETED");
            for (int i = 0; i < states.size(); i++) {
                service.publish(Events.event(orderId, states.get(i)).sequence(i + 1));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> mailsAbout(orderId).size() == 5);
            await().atMost(Duration.ofSeconds(10)).until(() -> "COMPLETED".equals(service.order(orderId).get("state")));
        }
    }

    @Test
    void should_warn_of_notifications_left_in_the_classic_channel_queue() throws Exception {
        try (RunningService service = start()) {
            // as if the service ran with classic queues before, and stopped with a mail still queued
            CachingConnectionFactory connection = new CachingConnectionFactory(URI.create(service.property("ordercast.rabbitmq.url")));
            try {
                new RabbitAdmin(connection).declareQueue(QueueBuilder.durable("ordercast.notify.email").maxPriority(10).build());
                new RabbitTemplate(connection).convertAndSend("", "ordercast.notify.email", "{}");
            } finally {
                connection.destroy();
            }
            List<LogCapture.Line> lines;
            try (LogCapture log = LogCapture.begin()) {
                service.context().getRegistry().lookupByNameAndType("ordercastTopology", OrdercastTopology.class)
                        .warnOfStrandedNotifications(List.of("email", "sms"));
                lines = log.lines();
            }
            assertThat(lines).filteredOn(l -> l.level() == Level.WARN).singleElement().extracting(LogCapture.Line::message)
                    .asString().contains("ordercast.notify.email still holds 1 notifications")
                    .contains(EMAIL_HIGH).contains("docs/operations.md");
        }
    }

    @Test
    void should_send_high_priority_mail_before_normal_mail_that_waited_longer() throws Exception {
        // as docs/operations.md recommends with quorum queues: the broker's count is then the whole backlog
        try (RunningService service = start(Map.of("ordercast.notify.prefetch", "1"))) {
            service.context().getRouteController().stopRoute("notify-email");
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String orderId = Events.newOrderId();
                orders.add(orderId);
                service.publish(ownBuyer(Events.event(orderId, "CREATED").sequence(1)));
            }
            // the NORMAL "created" mails wait first; then each PAID plans two HIGH mails (buyer and seller)
            await().atMost(Duration.ofSeconds(20)).until(() -> service.messagesIn(EMAIL_NORMAL) == 6);
            for (String orderId : orders) {
                service.publish(ownBuyer(Events.event(orderId, "PAID").sequence(2)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> service.messagesIn(EMAIL_HIGH) == 12);

            service.context().getRouteController().startRoute("notify-email");
            await().atMost(Duration.ofSeconds(30)).until(() -> providers.allMail().size() == 18);
            // the order they were sent in: each SENT notification's last update, across the six orders
            List<Map<String, Object>> sent = new ArrayList<>();
            for (String orderId : orders) {
                service.notifications(orderId).stream().filter(n -> "email".equals(n.get("channel"))).forEach(sent::add);
            }
            assertThat(sent).hasSize(18).allSatisfy(n -> assertThat(n).containsEntry("status", "SENT"));
            List<String> priorities = sent.stream().sorted(Comparator.comparing(n -> Instant.parse((String) n.get("updatedAt"))))
                    .map(n -> (String) n.get("priority")).toList();
            assertThat(priorities.subList(0, 12)).as(priorities.toString()).containsOnly("HIGH");
            assertThat(priorities.subList(12, 18)).as(priorities.toString()).containsOnly("NORMAL");
        }
    }

    @Test
    void should_refuse_to_start_a_route_file_that_consumes_the_classic_channel_queue(@TempDir Path work) throws Exception {
        // an integrator's copy of the routes from before quorum queues: the template named the one queue
        Path routes = PackagedRoutes.copyTo(work.resolve("routes"));
        Path template = routes.resolve("notify-channels.camel.yaml");
        Files.writeString(template, Files.readString(template).replace("\"{{notify-queues:{{channel}}}}\"",
                "\"ordercast.notify.{{channel}}\""));

        assertThatThrownBy(() -> start(Map.of("ordercast.routes.dir", routes.toString())))
                // the first channel route Camel lists, whichever it is
                .rootCause().hasMessageMatching("route notify-(\\w+) consumes ordercast\\.notify\\.\\1, which"
                        + " ordercast\\.rabbitmq\\.queue-type=quorum replaces .*\\{\\{notify-queues:\\1}}.*");
    }

    @Test
    void should_refuse_to_redeclare_classic_queues_as_quorum_queues_with_the_way_out() {
        assumeThat(TestInfrastructure.usesRealRabbitMq()).as("RabbitMQ checks a queue's type; the embedded broker does not").isTrue();
        CachingConnectionFactory connection = new CachingConnectionFactory(URI.create(TestInfrastructure.amqpUrl()));
        // a connection of its own, as at a start: the topology declares when it is first opened
        CachingConnectionFactory restart = new CachingConnectionFactory(URI.create(TestInfrastructure.amqpUrl()));
        try {
            deleteQueues(connection);
            OrdercastTopology classic = new OrdercastTopology(connection, List.of("email"), QueueType.CLASSIC);
            classic.declare();
            classic.close();

            OrdercastTopology quorum = new OrdercastTopology(restart, List.of("email"), QueueType.QUORUM);
            assertThatThrownBy(quorum::declare).hasMessageContaining("exist with the other queue type")
                    .hasMessageContaining("x-queue-type").hasMessageContaining("docs/operations.md");
            quorum.close();
        } finally {
            deleteQueues(connection);
            restart.destroy();
            connection.destroy();
        }
    }

    private static void deleteQueues(CachingConnectionFactory connection) {
        RabbitAdmin admin = new RabbitAdmin(connection);
        for (String queue : List.of(OrdercastTopology.EVENTS_QUEUE, OrdercastTopology.INVALID_QUEUE,
                OrdercastTopology.REJECTED_QUEUE, OrdercastTopology.DEAD_LETTER_QUEUE, "ordercast.notify.email",
                EMAIL_HIGH, EMAIL_NORMAL, "ordercast.notify.email.low")) {
            admin.deleteQueue(queue);
        }
    }

    /** RabbitMQ's answer to declaring the queue as a classic queue. */
    private static String typeRefusal(String queue) {
        CachingConnectionFactory connection = new CachingConnectionFactory(URI.create(TestInfrastructure.amqpUrl()));
        try {
            new RabbitAdmin(connection).declareQueue(QueueBuilder.durable(queue).build());
            return "accepted";
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return String.valueOf(root.getMessage());
        } finally {
            connection.destroy();
        }
    }

    /** A buyer of the order's own: the frequency cap counts per buyer. */
    private static Events.Builder ownBuyer(Events.Builder event) {
        ((ObjectNode) event.node().get("buyer")).put("id", "u-" + UUID.nameUUIDFromBytes(
                event.node().get("orderId").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return event;
    }

    private List<MimeMessage> mailsAbout(String orderId) throws Exception {
        List<MimeMessage> about = new ArrayList<>();
        for (MimeMessage mail : providers.allMail()) {
            if (mail.getSubject().contains(orderId)) {
                about.add(mail);
            }
        }
        return about;
    }
}
