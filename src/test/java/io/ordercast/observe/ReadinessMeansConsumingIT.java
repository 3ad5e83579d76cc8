package io.ordercast.observe;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import io.ordercast.amqp.EmbeddedAmqpBroker;
import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.support.Events;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.Test;

import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a readiness probe's 200 promises: the ingest is consuming. Not merely that the broker answers: after a
 * broker restart the ingest's consumers come back on their next recovery attempt, seconds later, and a broker can
 * answer while it refuses them the queue (another client consumes it exclusively). Both are made on a broker this
 * test owns; the broker's own count of consumers on the events' queue is what an operator would look at.
 */
class ReadinessMeansConsumingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READY = "/observe/health/ready";

    @Test
    void should_stay_unready_after_the_broker_returns_until_the_ingest_consumes_again() throws Exception {
        int port = freePort();
        EmbeddedAmqpBroker broker = EmbeddedAmqpBroker.start(port);
        try (RunningService service = RunningService.start(Map.of("ordercast.rabbitmq.url", broker.url()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> status(service) == 200);

            broker.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> status(service) == 503);
            broker = EmbeddedAmqpBroker.start(port);

            // polled closely: the first 200 must already come with the broker delivering to the ingest
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> status(service) == 200);
            assertThat(service.consumersOn(OrdercastTopology.EVENTS_QUEUE)).as("consumers the broker counts").isPositive();

            String orderId = Events.newOrderId();
            service.publish(event(orderId, "CREATED").sequence(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> service.order(orderId) != null);
            assertThat(service.order(orderId)).containsEntry("state", "CREATED");
        } finally {
            broker.close();
        }
    }

    @Test
    void should_stay_unready_while_the_broker_answers_but_refuses_the_ingest_its_queue() throws Exception {
        EmbeddedAmqpBroker broker = EmbeddedAmqpBroker.start();
        ConnectionFactory other = new ConnectionFactory();
        other.setUri(broker.url());
        try (Connection connection = other.newConnection("another-client")) {
            Channel channel = connection.createChannel();
            String[] holder = new String[1];
            try (RunningService service = RunningService.start(Map.of("ordercast.rabbitmq.url", broker.url()), () -> {
                try {
                    channel.queueDeclare(OrdercastTopology.EVENTS_QUEUE, true, false, false, null);
                    holder[0] = channel.basicConsume(OrdercastTopology.EVENTS_QUEUE, false, "exclusive-holder", false,
                            true, null, new DefaultConsumer(channel));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            })) {
                // the bound leaves room for a health call on a busy machine; the 2 s unready are what is checked
                await().atMost(Duration.ofSeconds(15)).during(Duration.ofSeconds(2)).until(() -> status(service) == 503);
                JsonNode checks = JSON.readTree(service.get("/api/health", RunningService.API_TOKEN).body()).get("checks");
                assertThat(checks).anySatisfy(check -> {
                    assertThat(check.get("name").asText()).isEqualTo("broker");
                    assertThat(check.get("status").asText()).isEqualTo("UP");
                });
                assertThat(checks).anySatisfy(check -> {
                    assertThat(check.get("name").asText()).isEqualTo("consuming");
                    assertThat(check.get("status").asText()).isEqualTo("DOWN");
                    assertThat(check.get("message").asText()).contains(OrdercastTopology.EVENTS_QUEUE);
                });
                assertThat(service.get("/observe/health/live", null).statusCode()).as("no restart for it").isEqualTo(200);

                channel.basicCancel(holder[0]);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> status(service) == 200);
                assertThat(service.consumersOn(OrdercastTopology.EVENTS_QUEUE)).isPositive();

                String orderId = Events.newOrderId();
                service.publish(event(orderId, "CREATED").sequence(1));
                await().atMost(Duration.ofSeconds(10)).until(() -> service.order(orderId) != null);
            }
        } finally {
            broker.close();
        }
    }

    private static int status(RunningService service) throws Exception {
        return service.get(READY, null).statusCode();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
