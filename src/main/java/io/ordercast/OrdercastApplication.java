package io.ordercast;

import java.util.Arrays;

import io.ordercast.amqp.PublishCommand;
import io.ordercast.config.ApiConfiguration;
import io.ordercast.config.ChannelsConfiguration;
import io.ordercast.config.DeliveryConfiguration;
import io.ordercast.config.EnvironmentCheck;
import io.ordercast.config.Infrastructure;
import io.ordercast.config.InfrastructureConfiguration;
import io.ordercast.config.InfrastructureHeadStart;
import io.ordercast.config.ObserveConfiguration;
import io.ordercast.config.PeerUnavailableException;
import io.ordercast.config.PreviewConfiguration;
import io.ordercast.config.PushConfiguration;
import io.ordercast.config.SmtpConfiguration;
import io.ordercast.config.TrackingConfiguration;
import io.ordercast.demo.DemoRun;
import io.ordercast.observe.PrometheusRegistry;
import io.ordercast.observe.Tracing;
import io.ordercast.routes.RouteFileOfFailure;
import io.ordercast.routes.RouteFilesRefusedException;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts ordercast; {@code --demo} also publishes a sample order lifecycle and prints its timeline;
 * {@code publish <file.json>...} publishes order events to the configured broker instead (no service starts).
 */
public final class OrdercastApplication {

    private OrdercastApplication() {
    }

    public static void main(String[] args) throws Exception {
        int exitCode = run(args);
        if (exitCode != 0) {
            // a failed start may leave non-daemon threads (broker, pool, Vert.x) that would keep the JVM up
            System.exit(exitCode);
        }
    }

    /** Runs until stopped; the exit code: 0 after a normal stop, 1 when the service could not start. */
    static int run(String[] args) throws Exception {
        if (args.length > 0 && PublishCommand.NAME.equals(args[0])) {
            // plays the upstream order system: no service starts
            return PublishCommand.run(Arrays.asList(args).subList(1, args.length), System.out);
        }
        String logFormatProblem = logFormatProblem(System.getProperty("ordercast.log.format"),
                System.getenv("ORDERCAST_LOG_FORMAT"));
        if (logFormatProblem != null) {
            // on stderr: with no appender of that name, Log4j writes nothing
            System.err.println("ordercast did not start: " + logFormatProblem);
            return 1;
        }
        Main main = newMain(Arrays.asList(args).contains("--demo"));
        try {
            return main.run(Arrays.stream(args).filter(a -> !"--demo".equals(a)).toArray(String[]::new));
        } catch (Exception e) {
            // one line that names what to fix (each refused file, the peer that did not answer, the key with a bad
            // value); the stack trace would bury it, and is there for a developer at DEBUG
            Logger log = LoggerFactory.getLogger(OrdercastApplication.class);
            log.error("ordercast did not start: {}", reason(e));
            log.debug("ordercast did not start", e);
            return 1;
        }
    }

    /** The application, with the demo's upstream order system when {@code demo} ({@code --demo}). */
    public static Main newMain(boolean demo) {
        Main main = newMain();
        if (demo) {
            main.addMainListener(new DemoRun());
        }
        return main;
    }

    /** The application as tests boot it too: configuration classes plus the YAML routes. */
    public static Main newMain() {
        Main main = new FailedStartCloses();
        // In this order: Camel runs each configuration's @BindToRegistry methods, one configuration after
        // the other, then each one's configure(); a configuration takes by type the beans of those before it.
        // The channels' settings are checked before RabbitMQ and PostgreSQL are opened (the embedded broker and
        // database begin earlier, InfrastructureHeadStart). Instances, not classes:
        // Camel 4.17 runs the @BindToRegistry methods of a class it instantiates itself twice.
        main.configure().addConfiguration(new EnvironmentCheck());
        main.configure().addConfiguration(new SmtpConfiguration());
        main.configure().addConfiguration(new ChannelsConfiguration());
        main.configure().addConfiguration(new PushConfiguration());
        main.configure().addConfiguration(new InfrastructureConfiguration());
        main.configure().addConfiguration(new TrackingConfiguration());
        main.configure().addConfiguration(new DeliveryConfiguration());
        main.configure().addConfiguration(new ApiConfiguration());
        main.configure().addConfiguration(new PreviewConfiguration());
        main.configure().addConfiguration(new ObserveConfiguration());
        // bound here, not in a configuration class: camel-micrometer-prometheus looks for it before
        // configuration classes run, and makes a registry of its own when it finds none
        main.bind(MicrometerConstants.METRICS_REGISTRY_NAME, PrometheusRegistry.create());
        main.addMainListener(new RoutesLocation());
        // the embedded broker and database begin while Camel configures itself; InfrastructureConfiguration takes them
        main.addMainListener(new InfrastructureHeadStart());
        // the OpenTelemetry SDK, when camel.opentelemetry2.enabled: bound before Camel sets up its tracer
        main.addMainListener(new Tracing());
        return main;
    }

    /**
     * Camel's Main, closing the database and the broker when a start fails after they opened, and naming the route
     * file of a route from ordercast.routes.dir that Camel could not build.
     */
    private static final class FailedStartCloses extends Main {
        @Override
        protected void doStart() throws Exception {
            try {
                super.doStart();
            } catch (Exception e) {
                throw RouteFileOfFailure.named(getCamelContext(), e);
            }
        }

        @Override
        protected void doFail(Exception e) {
            Infrastructure.closeAfterFailedStart(getCamelContext());
            super.doFail(e);
        }
    }

    /**
     * Why the log format log4j2.properties picks (the system property, else the environment variable, else text)
     * names no appender there, or null when it is text or json.
     */
    static String logFormatProblem(String property, String environment) {
        String format = property != null ? property : environment != null ? environment : "text";
        return "text".equals(format) || "json".equals(format) ? null
                : "ordercast.log.format (ORDERCAST_LOG_FORMAT) is '" + format + "'; it must be text or json";
    }

    private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /**
     * What ordercast said about the failure (the outermost exception ordercast threw: it names the key or the file),
     * else the message deepest in the causes (Camel's and reflection's wrappers say less).
     */
    static String reason(Throwable e) {
        Throwable told = causeOfType(e, RouteFilesRefusedException.class);
        if (told == null) {
            told = causeOfType(e, PeerUnavailableException.class);
        }
        if (told != null) {
            return told.getMessage();
        }
        String deepest = e.toString();
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getMessage() == null || cause.getMessage().isBlank()) {
                continue;
            }
            StackTraceElement[] thrownAt = cause.getStackTrace();
            if (thrownAt.length > 0 && thrownAt[0].getClassName().startsWith("io.ordercast.")) {
                return cause.getMessage();
            }
            deepest = cause.getMessage();
        }
        return deepest;
    }
}
