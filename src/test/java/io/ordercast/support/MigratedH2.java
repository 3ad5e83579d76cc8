package io.ordercast.support;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import io.ordercast.db.Jdbc;
import io.ordercast.db.OutageLog;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** The real schema (the Flyway migrations) in an in-memory H2 database of the test's own, in PostgreSQL mode. */
public final class MigratedH2 {

    private MigratedH2() {
    }

    /** @param name tells the database apart in a failure's message; each call makes a new, empty one */
    public static Jdbc jdbc(String name, Clock clock) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
        return new Jdbc(h2, new OutageLog(Duration.ofMinutes(1), clock));
    }
}
