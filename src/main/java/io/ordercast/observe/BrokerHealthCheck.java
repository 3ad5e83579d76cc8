package io.ordercast.observe;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * DOWN while the AMQP broker cannot be reached, answered within {@code ordercast.health.timeout}. A
 * readiness check only: the connection factory reconnects by itself, a restart would not help.
 */
public class BrokerHealthCheck extends AbstractHealthCheck implements AutoCloseable {

    private final ConnectionFactory connectionFactory;
    private final BoundedProbe probe;

    public BrokerHealthCheck(ConnectionFactory connectionFactory, Duration timeout) {
        super("ordercast", "broker");
        this.connectionFactory = connectionFactory;
        this.probe = new BoundedProbe("broker", timeout);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Optional<String> problem = probe.look(() -> connectionFactory.createConnection().isOpen()
                ? Optional.empty() : Optional.of("broker connection is closed"));
        problem.ifPresentOrElse(why -> builder.message(why).down(), builder::up);
    }

    @Override
    public void close() {
        probe.close();
    }
}
