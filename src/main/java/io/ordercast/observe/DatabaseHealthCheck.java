package io.ordercast.observe;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * DOWN while the database cannot be reached, answered within {@code ordercast.health.timeout}. A readiness
 * check only: while the database is away the service waits for it (events stay in the broker), and a
 * restart by a liveness probe would not bring it back.
 */
public class DatabaseHealthCheck extends AbstractHealthCheck implements AutoCloseable {

    private final DataSource dataSource;
    private final BoundedProbe probe;

    public DatabaseHealthCheck(DataSource dataSource, Duration timeout) {
        super("ordercast", "database");
        this.dataSource = dataSource;
        this.probe = new BoundedProbe("database", timeout);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Optional<String> problem = probe.look(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return connection.isValid(1) ? Optional.empty() : Optional.of("database connection is not valid");
            }
        });
        problem.ifPresentOrElse(why -> builder.message(why).down(), builder::up);
    }

    @Override
    public void close() {
        probe.close();
    }
}
