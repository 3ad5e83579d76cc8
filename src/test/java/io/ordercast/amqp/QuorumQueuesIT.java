package io.ordercast.amqp;

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
 * quorum is still one); on the embedded broker they are plain queues with the same names. Notifications have no
 * queues of either type: they are dispatched from the outbox table.
 */
class QuorumQueuesIT {

    private static final String EMAIL_HIGH = "ordercast.notify.email.high";

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
    void should_declare_quorum_queues_and_deliver_from_the_outbox_without_channel_queues() throws Exception {
        try (RunningService service = start()) {
            for (String channel : List.of("email", "sms", "webhook", "push")) {
                for (String queue : new NotifyQueues(QueueType.QUORUM).of(channel)) {
                    assertThat(service.queueExists(queue)).as(queue).isFalse();
                }
                assertThat(service.queueExists("ordercast.notify." + channel)).as(channel).isFalse();
            }
            if (TestInfrastructure.usesRealRabbitMq()) {
                // RabbitMQ refuses a declaration that differs from the queue's: proof of each queue's type
                for (String queue : List.of(OrdercastTopology.EVENTS_QUEUE, OrdercastTopology.INVALID_QUEUE,
                        OrdercastTopology.REJECTED_QUEUE, OrdercastTopology.DEAD_LETTER_QUEUE)) {
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
    void should_remove_the_channel_queues_of_an_earlier_version_at_start() throws Exception {
        assumeThat(TestInfrastructure.usesRealRabbitMq()).as("the embedded broker keeps no queues across restarts").isTrue();
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setUri(TestInfrastructure.amqpUrl());
        try (com.rabbitmq.client.Connection connection = factory.newConnection();
             com.rabbitmq.client.Channel channel = connection.createChannel()) {
            // as an earlier version left them: a classic priority queue holding a message, and a quorum one
            channel.queueDeclare("ordercast.notify.email", true, false, false, Map.of("x-max-priority", 10));
            channel.confirmSelect();
            channel.basicPublish("", "ordercast.notify.email", null, "{\"notificationId\":\"n-1\"}".getBytes());
            channel.waitForConfirmsOrDie(5_000);
            channel.queueDeclare(EMAIL_HIGH, true, false, false, Map.of("x-queue-type", "quorum"));
        }
        List<LogCapture.Line> lines;
        try (LogCapture log = LogCapture.begin(); RunningService service = start()) {
            assertThat(service.queueExists("ordercast.notify.email")).isFalse();
            assertThat(service.queueExists(EMAIL_HIGH)).isFalse();
            lines = log.lines();
        }
        assertThat(lines).extracting(LogCapture.Line::message)
                .anyMatch(m -> m.contains("Queue ordercast.notify.email removed (1 messages)") && m.contains("outbox"));
    }

    @Test
    void should_refuse_to_redeclare_classic_queues_as_quorum_queues_with_the_way_out() {
        assumeThat(TestInfrastructure.usesRealRabbitMq()).as("RabbitMQ checks a queue's type; the embedded broker does not").isTrue();
        CachingConnectionFactory connection = new CachingConnectionFactory(URI.create(TestInfrastructure.amqpUrl()));
        // a connection of its own, as at a start: the topology declares when it is first opened
        CachingConnectionFactory restart = new CachingConnectionFactory(URI.create(TestInfrastructure.amqpUrl()));
        try {
            deleteQueues(connection);
            OrdercastTopology classic = new OrdercastTopology(connection, QueueType.CLASSIC);
            classic.declare();
            classic.close();

            OrdercastTopology quorum = new OrdercastTopology(restart, QueueType.QUORUM);
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
                OrdercastTopology.REJECTED_QUEUE, OrdercastTopology.DEAD_LETTER_QUEUE)) {
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
