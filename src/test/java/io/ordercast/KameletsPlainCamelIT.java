package io.ordercast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.support.Events;
import io.ordercast.support.PlainCamel;
import io.ordercast.support.TestInfrastructure;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ExchangePattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The two Kamelets in a plain Camel context (no ordercast configuration, beans or routes; camel-kamelet,
 * camel-yaml-dsl and camel-spring-rabbitmq), against the test broker: what the sink publishes to
 * order.events, seen through a queue of the test's own, and what the source hands to its route.
 */
class KameletsPlainCamelIT {

    private static final String ESB_ROUTES = """
            - route:
                id: esb-to-ordercast
                from:
                  uri: direct:esb
                  steps:
                    - to:
                        uri: kamelet:ordercast-order-event-sink
                        parameters:
                          connectionFactory: esbBroker
            - route:
                id: esb-to-ordercast-keyed
                from:
                  uri: direct:esb-keyed
                  steps:
                    - to:
                        uri: kamelet:ordercast-order-event-sink
                        parameters:
                          connectionFactory: esbBroker
                          routingKey: order.paid
            - route:
                id: esb-unconfirmed
                from:
                  uri: direct:esb-unconfirmed
                  steps:
                    - to:
                        uri: kamelet:ordercast-order-event-sink
                        parameters:
                          connectionFactory: unconfirmedBroker
            - route:
                id: esb-observer
                from:
                  uri: kamelet:ordercast-notification-source
                  parameters:
                    connectionFactory: esbBroker
                    queue: test.kamelets.results
                  steps:
                    - process:
                        ref: observed
            """;

    private static final String TEST_QUEUE = "test.kamelets.order-events";
    private static PlainCamel esb;
    private static CachingConnectionFactory testConnection;
    private static RabbitTemplate broker;
    private static RabbitAdmin admin;

    @BeforeAll
    static void start() {
        String url = TestInfrastructure.amqpUrl();
        testConnection = new CachingConnectionFactory(java.net.URI.create(url));
        admin = new RabbitAdmin(testConnection);
        broker = new RabbitTemplate(testConnection);
        // ordercast's own declarations of both exchanges, as a running service would have made them
        TopicExchange events = new TopicExchange(OrdercastTopology.EVENTS_EXCHANGE, true, false);
        admin.declareExchange(events);
        admin.declareExchange(new FanoutExchange(OrdercastTopology.RESULTS_EXCHANGE, true, false));
        Queue queue = new Queue(TEST_QUEUE, false, false, false);
        admin.declareQueue(queue);
        admin.declareBinding(BindingBuilder.bind(queue).to(events).with(OrdercastTopology.EVENTS_BINDING));
        esb = PlainCamel.start(url, ESB_ROUTES, Map.of("unconfirmedBroker", new CachingConnectionFactory(java.net.URI.create(url))));
    }

    @AfterAll
    static void stop() {
        if (esb != null) {
            esb.close();
        }
        admin.deleteQueue(TEST_QUEUE);
        admin.deleteQueue("test.kamelets.results");
        testConnection.destroy();
    }

    @BeforeEach
    void emptyQueue() {
        admin.purgeQueue(TEST_QUEUE, false);
        esb.observed.clear();
    }

    @Test
    void sink_publishes_the_event_to_order_events_with_the_state_as_routing_key_persistent_and_json() {
        Events.Builder event = Events.event(Events.newOrderId(), "REFUND_REQUESTED").sequence(4);

        esb.producer().sendBody("direct:esb", event.json());

        Message got = broker.receive(TEST_QUEUE, 10_000);
        assertThat(got).isNotNull();
        assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo(event.json());
        MessageProperties props = got.getMessageProperties();
        assertThat(props.getReceivedExchange()).isEqualTo("order.events");
        assertThat(props.getReceivedRoutingKey()).isEqualTo("order.refund_requested");
        assertThat(props.getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        assertThat(props.getContentType()).isEqualTo("application/json");
    }

    @Test
    void sink_lower_cases_the_state_the_same_in_a_jvm_with_a_turkish_locale() {
        java.util.Locale before = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
        try {
            esb.producer().sendBody("direct:esb", Events.event(Events.newOrderId(), "SHIPPED").sequence(3).json());
        } finally {
            java.util.Locale.setDefault(before);
        }

        Message got = broker.receive(TEST_QUEUE, 10_000);
        assertThat(got).isNotNull();
        assertThat(got.getMessageProperties().getReceivedRoutingKey()).isEqualTo("order.shipped");
    }

    @Test
    void sink_publishes_bytes_from_a_request_reply_route_without_waiting_for_a_reply() {
        Events.Builder event = Events.event(Events.newOrderId(), "PAID").sequence(2);

        esb.producer().sendBody("direct:esb", ExchangePattern.InOut, event.json().getBytes(StandardCharsets.UTF_8));

        Message got = broker.receive(TEST_QUEUE, 10_000);
        assertThat(got).isNotNull();
        assertThat(got.getMessageProperties().getReceivedRoutingKey()).isEqualTo("order.paid");
        assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo(event.json());
    }

    @Test
    void sink_refuses_nothing_a_body_without_a_state_goes_out_as_order_unknown_for_ordercast_to_park() {
        esb.producer().sendBody("direct:esb", "{\"orderId\":\"SO-1\"}");
        esb.producer().sendBody("direct:esb", "not json at all");

        Message first = broker.receive(TEST_QUEUE, 10_000);
        Message second = broker.receive(TEST_QUEUE, 10_000);
        assertThat(first.getMessageProperties().getReceivedRoutingKey()).isEqualTo("order.unknown");
        assertThat(second.getMessageProperties().getReceivedRoutingKey()).isEqualTo("order.unknown");
        assertThat(new String(second.getBody(), StandardCharsets.UTF_8)).isEqualTo("not json at all");
    }

    @Test
    void sink_uses_a_routing_key_given_as_a_property() {
        esb.producer().sendBody("direct:esb-keyed", Events.event(Events.newOrderId(), "CREATED").json());

        Message got = broker.receive(TEST_QUEUE, 10_000);
        assertThat(got.getMessageProperties().getReceivedRoutingKey()).isEqualTo("order.paid");
    }

    @Test
    void sink_fails_the_exchange_when_the_connection_factory_has_no_publisher_confirms() {
        assertThatThrownBy(() -> esb.producer().sendBody("direct:esb-unconfirmed",
                Events.event(Events.newOrderId(), "CREATED").json()))
                .isInstanceOf(CamelExecutionException.class);
    }

    @Test
    void source_hands_each_result_on_the_fanout_exchange_to_its_route_as_json_text() {
        String result = "{\"notificationId\":\"n-1\",\"status\":\"SENT\",\"channel\":\"email\"}";
        MessageProperties props = new MessageProperties();
        props.setContentType("application/json");

        broker.send(OrdercastTopology.RESULTS_EXCHANGE, "", new Message(result.getBytes(StandardCharsets.UTF_8), props));

        await().atMost(Duration.ofSeconds(10)).until(() -> !esb.observed.isEmpty());
        assertThat(esb.observed.get(0).getMessage().getBody()).isEqualTo(result);
    }
}
