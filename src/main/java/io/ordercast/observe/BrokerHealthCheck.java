package io.ordercast.observe;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/** DOWN while the AMQP broker cannot be reached; part of /observe/health. */
public class BrokerHealthCheck extends AbstractHealthCheck {

    private final ConnectionFactory connectionFactory;

    public BrokerHealthCheck(ConnectionFactory connectionFactory) {
        super("ordercast", "broker");
        this.connectionFactory = connectionFactory;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            Connection connection = connectionFactory.createConnection();
            if (connection.isOpen()) {
                builder.up();
            } else {
                builder.message("broker connection is closed").down();
            }
        } catch (Exception e) {
            builder.message("broker unreachable: " + e.getMessage()).error(e).down();
        }
    }
}
