package io.ordercast.db;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells the pool to drop a connection whose error says the database went away, whatever the
 * driver's SQL state (H2 says 90121 "Database is already closed", PostgreSQL 08006). Otherwise a
 * busy pool keeps handing out dead connections after the database is back.
 */
public class EvictBrokenConnections implements SQLExceptionOverride {

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
        return Jdbc.isConnectionProblem(e)
                ? SQLExceptionOverride.Override.MUST_EVICT
                : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }
}
