package io.ordercast;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.ordercast.amqp.DeliveryAcknowledger;
import io.ordercast.amqp.EmbeddedAmqpBroker;
import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.amqp.RabbitConnections;
import io.ordercast.api.ApiTokenGuard;
import io.ordercast.api.OrderQueries;
import io.ordercast.api.TransitionAnalytics;
import io.ordercast.db.Database;
import io.ordercast.db.DatabaseSettings;
import io.ordercast.db.Jdbc;
import io.ordercast.failure.DeadLetterListing;
import io.ordercast.db.OutageLog;
import io.ordercast.failure.DeadLetters;
import io.ordercast.failure.NotificationRetries;
import io.ordercast.failure.ProviderCircuits;
import io.ordercast.failure.RetryPolicy;
import io.ordercast.ingest.ByteOrderMark;
import io.ordercast.http.HttpServerSetup;
import io.ordercast.ingest.EventSchemaErrors;
import io.ordercast.notify.ChannelAvailability;
import io.ordercast.notify.EmailComposer;
import io.ordercast.notify.FrequencyCap;
import io.ordercast.notify.Instances;
import io.ordercast.notify.NotificationDelivery;
import io.ordercast.notify.NotificationPlanner;
import io.ordercast.notify.NotificationStore;
import io.ordercast.notify.NotificationTemplates;
import io.ordercast.notify.OutboxPublisher;
import io.ordercast.notify.OutboxRelay;
import io.ordercast.notify.RecipientPreferences;
import io.ordercast.notify.SmsComposer;
import io.ordercast.notify.WebhookComposer;
import io.ordercast.observe.BrokerHealthCheck;
import io.ordercast.observe.DatabaseHealthCheck;
import io.ordercast.tracking.FollowUpFailures;
import io.ordercast.observe.HealthReport;
import io.ordercast.tracking.OrderEventCodec;
import io.ordercast.tracking.OrderTracker;
import io.ordercast.tracking.StateMachine;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * Builds the beans the YAML routes call by name, from the ordercast.* properties: database,
 * AMQP connection and topology, tracker, planner, API helpers and health checks.
 */
public class OrdercastConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(OrdercastConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context.getPropertiesComponent());
        Registry registry = context.getRegistry();
        // first: a refusal to send SMTP credentials in clear text stops the start before anything is opened
        Properties smtpProperties = TransportSetup.smtpProperties(settings);
        Resources resources = new Resources();
        context.addService(resources);
        ChannelAvailability channels = channelAvailability(settings);
        // the broker side and the database side start side by side: on a cold JVM each takes seconds
        CompletableFuture<OrdercastTopology> messaging = CompletableFuture.supplyAsync(
                () -> openMessaging(settings, channels, resources),
                task -> new Thread(task, "ordercast-messaging-start").start());
        try {
            Clock clock = Clock.systemUTC();
            ObjectMapper mapper = new ObjectMapper();

            HikariDataSource dataSource = resources.dataSource = Database.open(new DatabaseSettings(
                    settings.string("ordercast.db.url", "embedded"),
                    settings.string("ordercast.db.username", "sa"),
                    settings.string("ordercast.db.password", ""),
                    settings.string("ordercast.db.schema", null),
                    settings.integer("ordercast.db.pool-size", 10),
                    settings.duration("ordercast.db.connect-timeout", Duration.ofSeconds(5)).toMillis(),
                    settings.integer("ordercast.db.connect-retries", 10)));
            Jdbc jdbc = new Jdbc(dataSource, new OutageLog(
                    settings.duration("ordercast.db.outage-reminder-interval", Duration.ofMinutes(1)), clock));
            registry.bind("dataSource", dataSource);

            registry.bind("channelAvailability", channels);

            OrdercastTopology topology = awaitMessaging(messaging);
            CachingConnectionFactory connectionFactory = resources.connectionFactory;
            registry.bind("rabbitConnectionFactory", connectionFactory);
            registry.bind("ordercastTopology", topology);

            Map<String, String> table = settings.withPrefix("ordercast.tracking.transitions.");
            StateMachine stateMachine = table.isEmpty() ? StateMachine.contractDefault() : StateMachine.fromProperties(table);
            OrderEventCodec codec = new OrderEventCodec(mapper, stateMachine);
            OrderTracker tracker = new OrderTracker(jdbc, codec, stateMachine,
                    settings.duration("ordercast.tracking.hold-window", Duration.ofSeconds(30)), clock);

            registry.bind("stateMachine", stateMachine);
            registry.bind("orderEventCodec", codec);
            registry.bind("orderTracker", tracker);
            registry.bind("followUpFailures", new FollowUpFailures(jdbc,
                    settings.integer("ordercast.tracking.follow-up.max-attempts", 5)));
            NotificationStore notifications = new NotificationStore(jdbc);
            RecipientPreferences preferences = new RecipientPreferences(jdbc, clock);
            registry.bind("notificationPlanner", new NotificationPlanner(jdbc, notifications, tracker, channels, clock));
            Duration claimTimeout = settings.duration("ordercast.notify.claim-timeout", Duration.ofMinutes(2));
            Instances instances = new Instances(jdbc, settings.duration("ordercast.instance.timeout", Duration.ofSeconds(6)), clock);
            registry.bind("instances", instances);
            instances.beatOrSkip();
            long beatMillis = settings.duration("ordercast.instance.heartbeat-interval", Duration.ofSeconds(2)).toMillis();
            // not a timer route: an integrator's copy of the routes must not be able to drop it
            context.getExecutorServiceManager().newSingleThreadScheduledExecutor(instances, "ordercast-heartbeat")
                    .scheduleWithFixedDelay(instances::beatOrSkip, beatMillis, beatMillis, TimeUnit.MILLISECONDS);
            registry.bind("outboxRelay", new OutboxRelay(notifications, channels,
                    settings.duration("ordercast.outbox.grace", Duration.ofSeconds(10)), claimTimeout, instances, clock));
            registry.bind("outboxPublisher", new OutboxPublisher(connectionFactory, notifications, mapper,
                    settings.duration("ordercast.outbox.confirm-timeout", Duration.ofSeconds(30)), clock));
            registry.bind("notificationDelivery", new NotificationDelivery(jdbc, notifications, preferences, channels,
                    mapper, frequencyCap(settings), claimTimeout, instances, clock));
            registry.bind("recipientPreferences", preferences);
            registry.bind("notificationRetries", notificationRetries(settings, channels, notifications, clock));
            registry.bind("deadLetters", new DeadLetters(jdbc, mapper, clock));
            registry.bind("deadLetterListing", new DeadLetterListing(jdbc, mapper));
            ProviderCircuits circuits = providerCircuits(settings);
            registry.bind("providerCircuits", circuits);
            circuits.breakers(List.of("smtp", "smtp-fallback", "sms", "sms-fallback", "webhook")).forEach(registry::bind);
            registry.bind("notificationTemplates", new NotificationTemplates(
                    TransportSetup.configure(context, settings.string("ordercast.templates.dir", null))));
            registry.bind("emailComposer", new EmailComposer(settings.string("ordercast.smtp.from", "ordercast@localhost")));
            registry.bind("smsComposer", new SmsComposer());
            registry.bind("webhookComposer", new WebhookComposer(mapper, settings.string("ordercast.webhook.secret", null),
                    settings.list("ordercast.webhook.carrier-fields", WebhookComposer.CARRIER_FIELDS), clock));
            registry.bind("smtpProperties", smtpProperties);
            registry.bind("eventSchemaErrors", new EventSchemaErrors());
            registry.bind("byteOrderMark", new ByteOrderMark());
            registry.bind("deliveryAcknowledger", new DeliveryAcknowledger());
            registry.bind("orderQueries", new OrderQueries(jdbc));
            registry.bind("apiErrors", new io.ordercast.api.ApiErrors());
            registry.bind("transitionAnalytics", new TransitionAnalytics(jdbc, stateMachine));
            registry.bind("apiTokenGuard", new ApiTokenGuard(apiToken(settings)));

            registry.bind("healthReport", new HealthReport());
            Duration healthTimeout = settings.duration("ordercast.health.timeout", Duration.ofMillis(500));
            HealthCheckRegistry health = HealthCheckRegistry.get(context);
            health.register(resources.closeLater(new DatabaseHealthCheck(dataSource, healthTimeout)));
            health.register(resources.closeLater(new BrokerHealthCheck(connectionFactory, healthTimeout)));
            // after the HTTP server in Camel's start order (camel-main added it before configuration classes run)
            context.addService(new HttpServerSetup(settings.integer("ordercast.http.port", 8080),
                    settings.duration("ordercast.http.idle-timeout", Duration.ofSeconds(60)),
                    settings.duration("ordercast.http.request-timeout", Duration.ofSeconds(30))), true, true);
        } catch (RuntimeException e) {
            messaging.exceptionally(failure -> null).join(); // what it opened is closed with the rest
            resources.closeAll();
            throw e;
        }
    }

    private static OrdercastTopology openMessaging(Settings settings, ChannelAvailability channels, Resources resources) {
        resources.connectionFactory = RabbitConnections.connect(amqpUrl(settings, resources));
        resources.topology = new OrdercastTopology(resources.connectionFactory, channels.routed());
        resources.topology.declare();
        return resources.topology;
    }

    private static OrdercastTopology awaitMessaging(CompletableFuture<OrdercastTopology> messaging) {
        try {
            return messaging.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static FrequencyCap frequencyCap(Settings settings) {
        return new FrequencyCap(settings.integer("ordercast.notify.frequency-cap", 10),
                settings.duration("ordercast.notify.frequency-window", Duration.ofHours(1)),
                Set.copyOf(settings.list("ordercast.notify.frequency-cap.roles", List.of("buyer"))));
    }

    private static ProviderCircuits providerCircuits(Settings settings) {
        Set<String> withFallback = new LinkedHashSet<>();
        if (settings.string("ordercast.smtp.fallback.host", null) != null) {
            withFallback.add("smtp");
        }
        if (settings.string("ordercast.sms.fallback.url", null) != null) {
            withFallback.add("sms");
        }
        return new ProviderCircuits(new ProviderCircuits.CircuitBreakerSettings(
                Float.parseFloat(settings.string("ordercast.circuit.failure-rate-threshold", "50")),
                settings.integer("ordercast.circuit.sliding-window-size", 10),
                settings.integer("ordercast.circuit.minimum-calls", 5),
                settings.duration("ordercast.circuit.wait-in-open-state", Duration.ofSeconds(30))), withFallback);
    }

    /** Each channel's retry policy: ordercast.notify.<channel>.retry.* over ordercast.notify.retry.*. */
    private static NotificationRetries notificationRetries(Settings settings, ChannelAvailability channels,
                                                           NotificationStore notifications, Clock clock) {
        RetryPolicy defaults = retryPolicy(settings, "ordercast.notify.retry.", new RetryPolicy(3, Duration.ofSeconds(1), 2.0,
                Duration.ofMinutes(5)));
        Map<String, RetryPolicy> policies = new LinkedHashMap<>();
        for (String channel : channels.deliverable()) {
            policies.put(channel, retryPolicy(settings, "ordercast.notify." + channel + ".retry.", defaults));
        }
        return new NotificationRetries(policies, defaults,
                settings.duration("ordercast.notify.provider-down-wait", Duration.ofSeconds(30)),
                id -> notifications.refreshClaim(id, clock.instant()));
    }

    private static RetryPolicy retryPolicy(Settings settings, String prefix, RetryPolicy fallback) {
        return new RetryPolicy(settings.integer(prefix + "maximum", fallback.maximumRetries()),
                settings.duration(prefix + "initial-delay", fallback.initialDelay()),
                Double.parseDouble(settings.string(prefix + "multiplier", String.valueOf(fallback.multiplier()))),
                settings.duration(prefix + "maximum-delay", fallback.maximumDelay()));
    }

    /** Channels with a delivery route, less those whose transport is not configured here. */
    private static ChannelAvailability channelAvailability(Settings settings) {
        Set<String> deliverable = new LinkedHashSet<>();
        for (String channel : settings.list("ordercast.outbox.channels", List.of())) {
            if (!"none".equals(channel)) {
                deliverable.add(channel);
            }
        }
        Map<String, String> unconfigured = new LinkedHashMap<>();
        if (settings.string("ordercast.sms.url", null) == null) {
            unconfigured.put("sms", "sms is not configured: ordercast.sms.url is unset");
        }
        if (settings.string("ordercast.webhook.url", null) == null) {
            unconfigured.put("webhook", "webhook is not configured: ordercast.webhook.url is unset");
        }
        return new ChannelAvailability(deliverable, unconfigured);
    }

    private static String amqpUrl(Settings settings, Resources resources) {
        String url = settings.string("ordercast.rabbitmq.url", "embedded");
        if ("embedded".equals(url)) {
            resources.broker = EmbeddedAmqpBroker.start();
            LOG.info("Started the embedded AMQP broker on 127.0.0.1:{} (set ordercast.rabbitmq.url to use RabbitMQ)",
                    resources.broker.port());
            return resources.broker.url();
        }
        LOG.info("Using the AMQP broker at {}", RabbitConnections.redact(url));
        return url;
    }

    private static String apiToken(Settings settings) {
        String token = settings.string("ordercast.api.token", null);
        if (token != null) {
            return token;
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        // printed once to the console, never logged: set ordercast.api.token to choose your own
        System.out.println("ordercast API token (generated for this run): " + token);
        return token;
    }

    /** What the configuration opened, closed when Camel stops (after the routes). */
    private static final class Resources extends ServiceSupport {
        HikariDataSource dataSource;
        CachingConnectionFactory connectionFactory;
        OrdercastTopology topology;
        EmbeddedAmqpBroker broker;
        final List<AutoCloseable> others = new ArrayList<>();

        <T extends AutoCloseable> T closeLater(T closeable) {
            others.add(closeable);
            return closeable;
        }

        @Override
        protected void doStop() {
            closeAll();
        }

        void closeAll() {
            for (AutoCloseable other : others) {
                try {
                    other.close();
                } catch (Exception e) {
                    LOG.warn("Could not close {}: {}", other, e.toString());
                }
            }
            if (topology != null) {
                topology.close();
            }
            if (connectionFactory != null) {
                connectionFactory.destroy();
            }
            if (broker != null) {
                broker.close();
            }
            if (dataSource != null) {
                dataSource.close();
            }
        }
    }
}
