package io.ordercast.db;

import java.sql.DriverManager;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool, with the schema migrated by Flyway before anything uses it.
 * An embedded H2 file database is the default; PostgreSQL in production.
 */
public final class Database {

    private Database() {
    }

    public static HikariDataSource open(DatabaseSettings settings) {
        // migrate first, on Flyway's own connection: the pool's connections need the schema to exist
        migrate(settings);
        HikariConfig config = new HikariConfig();
        config.setPoolName("ordercast-db");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.username());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setConnectionTimeout(settings.connectionTimeoutMillis());
        config.setExceptionOverrideClassName(EvictBrokenConnections.class.getName());
        if (settings.url().startsWith("jdbc:postgresql:")) {
            // a batch's inserts go as multi-row INSERTs: one round trip and one statement for many rows
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        if (settings.schema() != null) {
            config.setSchema(settings.schema());
        }
        return new HikariDataSource(config);
    }

    /** Opens and closes one connection: whether the database answers and lets ordercast in. */
    public static void reach(DatabaseSettings settings) throws SQLException {
        DriverManager.getConnection(settings.url(), settings.username(), settings.password()).close();
    }

    /** Whether the database refused ordercast itself (credentials: SQLState class 28), which waiting does not mend. */
    public static boolean refusesCredentials(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("28")) {
                return true;
            }
        }
        return false;
    }

    private static void migrate(DatabaseSettings settings) {
        var flyway = Flyway.configure()
                .dataSource(settings.url(), settings.username(), settings.password())
                // PostgreSQL's own storage settings (fillfactor, autovacuum per table) have no H2 form
                .locations(settings.url().startsWith("jdbc:postgresql:")
                        ? new String[] { "classpath:db/migration", "classpath:db/postgresql" }
                        : new String[] { "classpath:db/migration" });
        if (settings.schema() != null) {
            flyway.schemas(settings.schema()).createSchemas(true);
        }
        flyway.load().migrate();
    }
}
