package io.ordercast.support;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * An ESB as the Kamelets see it: a plain Camel context with none of ordercast's configuration, beans or
 * routes, only YAML routes of its own, the Kamelets found on the classpath (camel-kamelet's default
 * location, classpath:kamelets) and one Spring AMQP connection factory with publisher confirms, bound
 * as {@value #BROKER_BEAN}. Whatever reaches {@code process: {ref: observed}} is kept in {@link #observed}.
 */
public final class PlainCamel implements AutoCloseable {

    public static final String BROKER_BEAN = "esbBroker";

    public final List<Exchange> observed = new CopyOnWriteArrayList<>();
    private final CachingConnectionFactory connectionFactory;
    private final CamelContext context = new DefaultCamelContext();

    private PlainCamel(String amqpUrl) {
        connectionFactory = new CachingConnectionFactory(URI.create(amqpUrl));
        connectionFactory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        context.getRegistry().bind(BROKER_BEAN, connectionFactory);
        context.getRegistry().bind("observed", (Processor) exchange -> observed.add(exchange.copy()));
    }

    /** Starts a context against the broker at {@code amqpUrl} with these YAML routes. */
    public static PlainCamel start(String amqpUrl, String yamlRoutes) {
        return start(amqpUrl, yamlRoutes, java.util.Map.of());
    }

    /** ... and these beans besides (they are not closed by {@link #close}). */
    public static PlainCamel start(String amqpUrl, String yamlRoutes, java.util.Map<String, Object> beans) {
        PlainCamel camel = new PlainCamel(amqpUrl);
        beans.forEach(camel.context.getRegistry()::bind);
        try {
            PluginHelper.getRoutesLoader(camel.context).loadRoutes(
                    ResourceHelper.fromString("esb-routes.camel.yaml", yamlRoutes));
            camel.context.start();
        } catch (Exception e) {
            camel.close();
            throw new IllegalStateException("plain Camel did not start", e);
        }
        return camel;
    }

    public CamelContext context() {
        return context;
    }

    public ProducerTemplate producer() {
        return context.createProducerTemplate();
    }

    public CachingConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    @Override
    public void close() {
        context.stop();
        connectionFactory.destroy();
    }
}
