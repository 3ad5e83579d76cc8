package io.ordercast.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

import javax.sql.DataSource;

/**
 * Runs work in one JDBC transaction. Races between instances (two first events of one order
 * inserting the same row, deadlocks, serialization failures) are retried; an unreachable
 * database becomes {@link DatabaseUnavailableException}.
 */
public final class Jdbc {

    /** unique violation, serialization failure, deadlock (PostgreSQL), lock timeout (H2). */
    private static final Set<String> RETRYABLE_STATES = Set.of("23505", "40001", "40P01", "HYT00");
    private static final int MAX_ATTEMPTS = 5;

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final OutageLog outageLog;

    public Jdbc(DataSource dataSource, OutageLog outageLog) {
        this.dataSource = dataSource;
        this.outageLog = outageLog;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public <T> T inTransaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                T result = runOnce(work);
                outageLog.succeeded();
                return result;
            } catch (SQLException e) {
                if (isConnectionProblem(e)) {
                    // told once per outage by the outage log; the callers retry and log nothing of their own
                    outageLog.failed(e);
                    throw new DatabaseUnavailableException("database unavailable: " + e.getMessage(), e);
                }
                if (attempt >= MAX_ATTEMPTS || !retryable(e.getSQLState())) {
                    throw new IllegalStateException("database error: " + e.getMessage(), e);
                }
            }
        }
    }

    private <T> T runOnce(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /** Set.of(...).contains(null) throws: Hikari's "connection is not available" has no SQL state. */
    private static boolean retryable(String sqlState) {
        return sqlState != null && RETRYABLE_STATES.contains(sqlState);
    }

    static boolean isConnectionProblem(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientException && !retryable(state)
                || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLRecoverableException
                || state != null && state.startsWith("08")
                || state != null && (state.equals("57P01") || state.equals("90121") || state.equals("90067"));
    }
}
