package io.ordercast.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ordercast.amqp.EmbeddedAmqpBroker;
import io.ordercast.amqp.RabbitConnections;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The batch consumer on a real AMQP broker: messages arrive as batches of Camel messages, a batch is acknowledged
 * only once the route completed it, a batch the route fails is run again message by message (the others go on),
 * and a batch the route gives back returns to the broker.
 */
class RabbitBatchConsumerIT {

    private static final String QUEUE = "batch-consumer-test";

    private EmbeddedAmqpBroker broker;
    private CachingConnectionFactory connections;
    private DefaultCamelContext camel;
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        broker = EmbeddedAmqpBroker.start();
        connections = RabbitConnections.connect(broker.url());
        new RabbitAdmin(connections).declareQueue(QueueBuilder.durable(QUEUE).build());
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("rabbitConnectionFactory", connections);
        camel.addComponent("rabbitmq-batch", new RabbitBatchComponent());
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        connections.destroy();
        broker.close();
    }

    @Test
    void should_hand_over_messages_in_batches_and_acknowledge_them_once_done() throws Exception {
        route(bodies -> { });
        publish(List.of("e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9", "e10"));
        camel.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> processed().size() == 10);

        assertThat(processed()).containsExactlyInAnyOrder("e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9", "e10");
        assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(4));
        assertThat(batches).anySatisfy(batch -> assertThat(batch).hasSizeGreaterThan(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> messagesLeft() == 0);
    }

    @Test
    void should_run_a_failed_batch_again_message_by_message_so_one_bad_event_holds_no_other_back() throws Exception {
        // the route fails any batch with "bad" in it, but takes "bad" alone (as the ingest parks it alone); the four
        // wait in the queue before the consumer starts, so they arrive as one batch
        route(bodies -> {
            if (bodies.contains("bad") && bodies.size() > 1) {
                throw new IllegalStateException("a batch with a bad event");
            }
        });
        publish(List.of("e1", "e2", "bad", "e3"));
        camel.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> batches.stream().anyMatch(b -> b.equals(List.of("bad"))));
        await().atMost(Duration.ofSeconds(5)).until(() -> messagesLeft() == 0);

        assertThat(processed()).containsExactlyInAnyOrder("e1", "e2", "bad", "e3");
        // the good events that shared a batch with the bad one went through alone afterwards
        List<String> withBad = batches.stream().filter(b -> b.contains("bad") && b.size() > 1).findFirst().orElseThrow();
        withBad.stream().filter(e -> !e.equals("bad"))
                .forEach(e -> assertThat(batches).as(e).contains(List.of(e)));
    }

    @Test
    void should_give_a_batch_back_to_the_broker_when_the_route_says_so() throws Exception {
        camel.getRegistry().bind("ingestBatch", new IngestBatch());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rabbitmq-batch:" + QUEUE + "?batchSize=4&batchWait=50")
                        .process(exchange -> batches.add(bodies(exchange.getMessage().getBody(List.class))))
                        .bean("ingestBatch", "giveBack");
            }
        });
        camel.start();
        publish(List.of("e1", "e2"));

        await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() >= 1);
        camel.getRouteController().stopRoute(camel.getRoutes().get(0).getRouteId());

        await().atMost(Duration.ofSeconds(10)).until(() -> messagesLeft() == 2);
    }

    private void route(java.util.function.Consumer<List<String>> work) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rabbitmq-batch:" + QUEUE + "?batchSize=4&batchWait=50")
                        .process(exchange -> {
                            List<String> bodies = bodies(exchange.getMessage().getBody(List.class));
                            batches.add(bodies);
                            work.accept(bodies);
                        });
            }
        });
    }

    private static List<String> bodies(List<?> messages) {
        return messages.stream().map(m -> new String((byte[]) ((Message) m).getBody(), StandardCharsets.UTF_8)).toList();
    }

    /** Each body once, from the batches the route completed or was run alone with. */
    private List<String> processed() {
        return batches.stream().flatMap(List::stream).distinct().toList();
    }

    private void publish(List<String> bodies) {
        RabbitTemplate template = new RabbitTemplate(connections);
        bodies.forEach(body -> template.convertAndSend("", QUEUE, body.getBytes(StandardCharsets.UTF_8)));
    }

    private int messagesLeft() {
        var info = new RabbitAdmin(connections).getQueueInfo(QUEUE);
        return info == null ? -1 : info.getMessageCount();
    }
}
