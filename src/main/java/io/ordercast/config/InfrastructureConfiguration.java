package io.ordercast.config;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.db.Jdbc;
import io.ordercast.channel.ChannelAvailability;
import io.ordercast.observe.BrokerHealthCheck;
import io.ordercast.observe.ConsumingHealthCheck;
import io.ordercast.observe.DatabaseHealthCheck;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * The database and the broker: opened together by {@link Infrastructure} (side by side, closed in one
 * order), so one configuration binds both, and their readiness checks (reachable; the broker delivering to the
 * ingest). The configurations after this one take these beans by type.
 */
public class InfrastructureConfiguration implements CamelConfiguration {

    private Infrastructure opened;

    @BindToRegistry("dataSource")
    public HikariDataSource dataSource(CamelContext context, ChannelAvailability channels) {
        return open(context, channels).dataSource;
    }

    @BindToRegistry("jdbc")
    public Jdbc jdbc(CamelContext context, ChannelAvailability channels) {
        return open(context, channels).jdbc;
    }

    @BindToRegistry("rabbitConnectionFactory")
    public CachingConnectionFactory rabbitConnectionFactory(CamelContext context, ChannelAvailability channels) {
        return open(context, channels).connectionFactory;
    }

    @BindToRegistry("ordercastTopology")
    public OrdercastTopology ordercastTopology(CamelContext context, ChannelAvailability channels) {
        return open(context, channels).topology;
    }

    /**
     * Opened by whichever of the methods above Camel calls first. Camel runs every configuration's
     * {@code @BindToRegistry} methods before any {@code configure()}, so opening in configure() would
     * come after the beans that need a connection are made.
     */
    private Infrastructure open(CamelContext context, ChannelAvailability channels) {
        if (opened == null) {
            opened = Infrastructure.open(context, Settings.of(context), channels);
        }
        return opened;
    }

    @Override
    public void configure(CamelContext context) {
        Duration timeout = Settings.of(context).duration("ordercast.health.timeout");
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        health.register(opened.closeLater(new DatabaseHealthCheck(opened.dataSource, timeout)));
        health.register(opened.closeLater(new BrokerHealthCheck(opened.connectionFactory, timeout)));
        health.register(new ConsumingHealthCheck(context));
    }
}
