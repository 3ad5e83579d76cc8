package io.ordercast.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.zaxxer.hikari.HikariDataSource;
import io.ordercast.amqp.EmbeddedAmqpBroker;
import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.amqp.QueueType;
import io.ordercast.amqp.RabbitConnections;
import io.ordercast.db.Database;
import io.ordercast.db.DatabaseSettings;
import io.ordercast.db.Jdbc;
import io.ordercast.db.OutageLog;
import io.ordercast.channel.ChannelAvailability;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * What ordercast opens at start, the database (pool, Flyway) and the AMQP side (embedded broker or
 * RabbitMQ connection, topology), and the order they close in. A Camel service: it closes when Camel
 * stops, after the routes. Plain code rather than annotations because Camel's bean lifecycle has no
 * way to say "these two side by side, and if either fails close both".
 */
public final class Infrastructure extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Infrastructure.class);

    // set while opening (the AMQP side by its own thread, seen here after join()), read by InfrastructureConfiguration
    HikariDataSource dataSource;
    Jdbc jdbc;
    CachingConnectionFactory connectionFactory;
    OrdercastTopology topology;
    private EmbeddedAmqpBroker broker;
    private final List<AutoCloseable> others = new ArrayList<>();
    // begun by headStart, before the configuration classes run; null when not begun there
    private CompletableFuture<Void> embeddedMessaging;
    private CompletableFuture<Void> embeddedDatabase;

    private Infrastructure() {
    }

    /**
     * Begins what needs no setting of the channels: the embedded broker and the embedded H2 database, each on
     * a thread of its own, while Camel reads its configuration and the configuration classes check the channels'
     * settings (about a second of a cold JVM's start). {@link #open} takes them over. RabbitMQ and PostgreSQL
     * are left to {@link #open}: no remote server is touched before the channels' settings are checked, and a
     * failed start never waits on its connect retries.
     */
    static void headStart(CamelContext context, Settings settings) {
        boolean brokerEmbedded = "embedded".equals(settings.string("ordercast.rabbitmq.url"));
        boolean databaseEmbedded = DatabaseSettings.isEmbedded(settings.optional("ordercast.db.url").orElse(null));
        if (!brokerEmbedded && !databaseEmbedded) {
            return;
        }
        Infrastructure opened = new Infrastructure();
        addTo(context, opened);
        if (brokerEmbedded) {
            QueueType queueType = QueueType.of(settings.string("ordercast.rabbitmq.queue-type"));
            opened.embeddedMessaging = CompletableFuture.runAsync(() -> opened.beginEmbeddedMessaging(queueType),
                    task -> new Thread(task, "ordercast-broker-start").start());
        }
        if (databaseEmbedded) {
            opened.embeddedDatabase = CompletableFuture.runAsync(
                    () -> opened.openDatabase(databaseSettings(settings), settings),
                    task -> new Thread(task, "ordercast-database-start").start());
        }
    }

    /**
     * Opens the AMQP side on a thread of its own while this one opens the database (or waits for what
     * {@link #headStart} began): on a cold JVM each takes seconds. RabbitMQ and PostgreSQL are waited for against one
     * deadline ({@link StartupWait}, ordercast.startup.timeout). A failure of either closes what the other opened and
     * is thrown as it was.
     */
    static Infrastructure open(CamelContext context, Settings settings, ChannelAvailability channels) {
        Infrastructure begun = context.hasService(Infrastructure.class);
        Infrastructure opened = begun != null ? begun : new Infrastructure();
        if (begun == null) {
            addTo(context, opened);
        }
        StartupWait wait = new StartupWait(settings.duration(StartupWait.KEY));
        CompletableFuture<Void> messaging = CompletableFuture.runAsync(
                () -> opened.openMessaging(settings, channels, wait),
                task -> new Thread(task, "ordercast-messaging-start").start());
        // a side that failed: the other need not wait for its peer until the deadline
        messaging.whenComplete((done, failure) -> {
            if (failure != null) {
                wait.giveUp();
            }
        });
        try {
            if (opened.embeddedDatabase != null) {
                opened.embeddedDatabase.join();
            } else {
                DatabaseSettings database = databaseSettings(settings);
                waitFor(database, wait);
                opened.openDatabase(database, settings);
            }
            messaging.join();
            return opened;
        } catch (RuntimeException e) {
            wait.giveUp();
            // what it opened is closed with the rest
            Throwable messagingFailure = messaging.handle((done, failure) -> failure).join();
            opened.closeAll();
            RuntimeException failure = unwrapped(e);
            // a database wait given up for the messaging side's failure: that one is the story
            throw failure instanceof StartupWait.GivenUp && messagingFailure != null ? unwrapped(messagingFailure)
                    : failure;
        }
    }

    private static RuntimeException unwrapped(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    private static void addTo(CamelContext context, Infrastructure opened) {
        try {
            context.addService(opened);
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeCamelException(e);
        }
    }

    /**
     * For a start that failed after {@link #open}: Camel stops its services after a failed start, but not
     * after a failure while the configuration classes run (its init phase), which is where most fail.
     */
    public static void closeAfterFailedStart(CamelContext context) {
        Infrastructure opened = context == null ? null : context.hasService(Infrastructure.class);
        if (opened != null) {
            opened.closeAll();
        }
    }

    private static DatabaseSettings databaseSettings(Settings settings) {
        return new DatabaseSettings(settings.string("ordercast.db.url"),
                settings.string("ordercast.db.username"), settings.optional("ordercast.db.password").orElse(""),
                settings.optional("ordercast.db.schema").orElse(null), settings.integer("ordercast.db.pool-size"),
                settings.duration("ordercast.db.connect-timeout").toMillis());
    }

    /** Until the database server answers, if there is one: Flyway and the pool would each wait in their own way. */
    private static void waitFor(DatabaseSettings database, StartupWait wait) {
        database.peer().ifPresent(peer -> wait.until("the database at " + peer, () -> {
            Database.reach(database);
            return null;
        }, Database::refusesCredentials, database.password()));
    }

    /** Until RabbitMQ answers: declaring the topology would fail at once, or hang for the client's 60 s. */
    private static void waitFor(String amqpUrl, CachingConnectionFactory connectionFactory, StartupWait wait) {
        wait.until("RabbitMQ at " + RabbitConnections.peer(amqpUrl), () -> {
            RabbitConnections.reach(connectionFactory, wait.remaining());
            return null;
        }, RabbitConnections::refusesCredentials, RabbitConnections.password(amqpUrl));
    }

    private void openDatabase(DatabaseSettings database, Settings settings) {
        dataSource = Database.open(database);
        jdbc = new Jdbc(dataSource, new OutageLog(settings.duration("ordercast.db.outage-reminder-interval"), Clock.systemUTC()));
    }

    /**
     * The embedded broker, the connection to it, and the part of the topology that needs no channel list. A cold
     * broker takes most of a second over its first connection and declarations; done here, that time passes
     * while Camel configures itself, and {@link #openMessaging} declares the whole topology on a warm broker.
     */
    private void beginEmbeddedMessaging(QueueType queueType) {
        broker = EmbeddedAmqpBroker.start();
        connectionFactory = RabbitConnections.connect(broker.url());
        OrdercastTopology.declareFixed(connectionFactory, queueType);
    }

    private void openMessaging(Settings settings, ChannelAvailability channels, StartupWait wait) {
        String url = settings.string("ordercast.rabbitmq.url");
        QueueType queueType = QueueType.of(settings.string("ordercast.rabbitmq.queue-type"));
        if ("embedded".equals(url)) {
            if (queueType == QueueType.QUORUM) {
                LOG.warn("ordercast.rabbitmq.queue-type=quorum: the embedded broker has no quorum queues and declares"
                        + " plain ones");
            }
            if (embeddedMessaging != null) {
                embeddedMessaging.join();
            } else {
                broker = EmbeddedAmqpBroker.start();
            }
            // a newcomer's one way to send an event of their own; no credentials in the line (the AMQP client's
            // default guest login is the embedded broker's)
            LOG.info("Started the embedded AMQP broker on 127.0.0.1:{} (set ordercast.rabbitmq.url to use RabbitMQ);"
                    + " publish with: ORDERCAST_RABBITMQ_URL=amqp://127.0.0.1:{} java -jar target/ordercast.jar publish"
                    + " docs/examples/created.json", broker.port(), broker.port());
            url = broker.url();
        } else {
            LOG.info("Using the AMQP broker at {}", RabbitConnections.redact(url));
        }
        if (connectionFactory == null) {
            connectionFactory = RabbitConnections.connect(url);
        }
        if (broker == null) {
            waitFor(url, connectionFactory, wait);
        }
        topology = new OrdercastTopology(connectionFactory, queueType);
        topology.declare();
        if (broker == null) {
            // the embedded broker keeps nothing across restarts: it never has queues of an earlier version
            topology.retireChannelQueues(channels.routed());
        }
    }

    /** Closed first, before the topology and the connections they use (the health checks). */
    <T extends AutoCloseable> T closeLater(T closeable) {
        others.add(closeable);
        return closeable;
    }

    @Override
    protected void doStop() {
        closeAll();
    }

    /**
     * Closes what is open, once: a failed start can get here twice. What {@link #headStart} began is waited for
     * first: a broker that came up after this would keep the JVM alive.
     */
    private synchronized void closeAll() {
        for (CompletableFuture<?> begun : Arrays.asList(embeddedMessaging, embeddedDatabase)) {
            if (begun != null) {
                begun.exceptionally(failure -> null).join();
            }
        }
        embeddedMessaging = null;
        embeddedDatabase = null;
        for (AutoCloseable other : others) {
            try {
                other.close();
            } catch (Exception e) {
                LOG.warn("Could not close {}: {}", other, e.toString());
            }
        }
        others.clear();
        if (topology != null) {
            topology.close();
            topology = null;
        }
        if (connectionFactory != null) {
            connectionFactory.destroy();
            connectionFactory = null;
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
        }
    }
}
