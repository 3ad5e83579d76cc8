package io.ordercast.db;

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
        HikariConfig config = new HikariConfig();
        config.setPoolName("ordercast-db");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.username());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setConnectionTimeout(settings.connectionTimeoutMillis());
        // let the service start while the database is still down; health reports it
        config.setInitializationFailTimeout(-1);
        if (settings.schema() != null) {
            config.setSchema(settings.schema());
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(dataSource, settings.schema());
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }

    private static void migrate(HikariDataSource dataSource, String schema) {
        var flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration");
        if (schema != null) {
            flyway.schemas(schema).createSchemas(true);
        }
        flyway.load().migrate();
    }
}
