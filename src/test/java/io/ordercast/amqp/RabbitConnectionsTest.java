package io.ordercast.amqp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a message about a broker that does not answer names, and what it must never show. */
class RabbitConnectionsTest {

    @Test
    void should_name_the_brokers_host_and_port_without_the_credentials() {
        assertThat(RabbitConnections.peer("amqp://ordercast:secret@rabbitmq:5673")).isEqualTo("rabbitmq:5673");
        assertThat(RabbitConnections.peer("amqp://ordercast:secret@rabbitmq")).isEqualTo("rabbitmq:5672");
        assertThat(RabbitConnections.peer("amqps://ordercast:secret@rabbitmq/ordercast")).isEqualTo("rabbitmq:5671");
    }

    @Test
    void should_know_the_password_to_mask() {
        assertThat(RabbitConnections.password("amqp://ordercast:s3cret@rabbitmq:5672")).isEqualTo("s3cret");
        assertThat(RabbitConnections.password("amqp://rabbitmq:5672")).isEmpty();
    }
}
