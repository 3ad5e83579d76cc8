package io.ordercast.support;

import java.util.UUID;

import io.ordercast.amqp.EmbeddedAmqpBroker;

/**
 * Where integration tests find their broker and database. CI (.ci/run) names this machine's
 * RabbitMQ and PostgreSQL through ORDERCAST_IT_RABBITMQ_URL and ORDERCAST_IT_DB_URL; without them
 * (a laptop) the suite uses an embedded AMQP broker and an H2 file database.
 */
public final class TestInfrastructure {

    private static EmbeddedAmqpBroker embeddedBroker;

    private TestInfrastructure() {
    }

    public static synchronized String amqpUrl() {
        String url = System.getenv("ORDERCAST_IT_RABBITMQ_URL");
        if (url != null && !url.isBlank()) {
            return url;
        }
        if (embeddedBroker == null) {
            embeddedBroker = EmbeddedAmqpBroker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(embeddedBroker::close));
        }
        return embeddedBroker.url();
    }

    public static boolean usesRealRabbitMq() {
        String url = System.getenv("ORDERCAST_IT_RABBITMQ_URL");
        return url != null && !url.isBlank();
    }

    public static String dbUrl() {
        String url = System.getenv("ORDERCAST_IT_DB_URL");
        if (url != null && !url.isBlank()) {
            return url;
        }
        return "jdbc:h2:file:./target/it-db/" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;LOCK_TIMEOUT=10000";
    }

    public static String dbUser() {
        String user = System.getenv("ORDERCAST_IT_DB_USERNAME");
        return user == null || user.isBlank() ? "sa" : user;
    }

    /** A schema of its own for each service, so test classes sharing one PostgreSQL do not meet. */
    public static String freshSchema() {
        return "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
