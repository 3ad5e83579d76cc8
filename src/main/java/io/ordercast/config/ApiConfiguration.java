package io.ordercast.config;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.api.ApiErrors;
import io.ordercast.api.ApiTokenGuard;
import io.ordercast.api.OrderQueries;
import io.ordercast.api.TransitionAnalytics;
import io.ordercast.db.Jdbc;
import io.ordercast.deadletter.DeadLetterListing;
import io.ordercast.http.HttpPortFree;
import io.ordercast.http.HttpServerSetup;
import io.ordercast.http.HttpVertx;
import io.ordercast.http.InvalidRequests;
import io.ordercast.channel.ChannelAvailability;
import io.ordercast.observe.HealthReport;
import io.ordercast.tracking.StateMachine;
import io.vertx.core.Vertx;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.LoggerFactory;

/** The HTTP API: its token, the order and dead-letter views, analytics, health, and the HTTP server's limits. */
public class ApiConfiguration implements CamelConfiguration {

    @BindToRegistry("apiTokenGuard")
    public ApiTokenGuard apiTokenGuard(CamelContext context) {
        return new ApiTokenGuard(Settings.of(context).optional("ordercast.api.token").orElseGet(ApiConfiguration::generatedToken));
    }

    @BindToRegistry("apiErrors")
    public ApiErrors apiErrors() {
        return new ApiErrors();
    }

    @BindToRegistry("orderQueries")
    public OrderQueries orderQueries(Jdbc jdbc) {
        return new OrderQueries(jdbc);
    }

    @BindToRegistry("transitionAnalytics")
    public TransitionAnalytics transitionAnalytics(Jdbc jdbc, StateMachine stateMachine) {
        return new TransitionAnalytics(jdbc, stateMachine);
    }

    @BindToRegistry("deadLetterListing")
    public DeadLetterListing deadLetterListing(Jdbc jdbc, ChannelAvailability channels) {
        // the failure package knows no channel: it is told which field addresses which channel
        Map<String, String> addressFields = new HashMap<>();
        channels.descriptors().stream().filter(d -> d.addressField() != null && !d.reachesDevices())
                .forEach(d -> addressFields.put(d.name(), d.addressField()));
        return new DeadLetterListing(jdbc, new ObjectMapper(), addressFields);
    }

    @BindToRegistry("healthReport")
    public HealthReport healthReport() {
        return new HealthReport();
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        if (settings.optional("camel.server.enabled").map(Boolean::parseBoolean).orElse(false)) {
            HttpPortFree.check(settings.integer("ordercast.http.port"));
        }
        bindHttpVertx(context);
        // after the HTTP server in Camel's start order (camel-main added it before configuration classes run)
        ApiTokenGuard token = context.getRegistry().lookupByNameAndType("apiTokenGuard", ApiTokenGuard.class);
        List<String> routesOpenPaths = settings.optional("ordercast.routes.dir").isPresent()
                ? settings.list("ordercast.routes.http-without-token") : null;
        context.addService(new HttpServerSetup(settings.integer("ordercast.http.port"),
                settings.duration("ordercast.http.idle-timeout"),
                settings.duration("ordercast.http.request-timeout"),
                token, routesOpenPaths), true, true);
    }

    /**
     * The Vert.x that camel-platform-http finds in the registry when it starts its HTTP server, and runs the
     * server on (HttpVertx: JSON for requests Vert.x cannot parse). Camel leaves a Vert.x it did not make
     * running, so it is closed here, once every service, the HTTP server among them, has stopped.
     */
    private static void bindHttpVertx(CamelContext context) {
        Vertx vertx = HttpVertx.create(new InvalidRequests());
        context.getRegistry().bind("httpVertx", Vertx.class, vertx);
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                try {
                    HttpVertx.close(vertx, Duration.ofSeconds(10));
                } catch (Exception e) {
                    LoggerFactory.getLogger(ApiConfiguration.class).warn("Vert.x did not close: {}", e.toString());
                }
            }
        });
    }

    private static String generatedToken() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        // printed once to the console, never logged: set ordercast.api.token to choose your own
        System.out.println("ordercast API token (generated for this run): " + token);
        return token;
    }
}
