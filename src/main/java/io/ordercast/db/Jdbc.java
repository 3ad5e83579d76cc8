package io.ordercast.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The statements ({@link #sql()}, spring-jdbc's {@link JdbcClient}) and the transactions they run in
 * ({@link #inTransaction}). Races between instances (two first events of one order inserting the same
 * row, deadlocks, serialization failures) are retried; an unreachable database becomes
 * {@link DatabaseUnavailableException}.
 */
public final class Jdbc {

    /** unique violation, serialization failure, deadlock (PostgreSQL), lock timeout (H2). */
    private static final Set<String> RETRYABLE_STATES = Set.of("23505", "40001", "40P01", "HYT00");
    private static final int MAX_ATTEMPTS = 5;

    private final DataSource dataSource;
    private final JdbcClient sql;
    private final PlatformTransactionManager transactions;
    private final OutageLog outageLog;
    private final JdbcTemplate batchTemplate;

    public Jdbc(DataSource dataSource, OutageLog outageLog) {
        this.dataSource = dataSource;
        // JdbcClient takes the connection of the transaction open on this thread (DataSourceUtils)
        this.sql = JdbcClient.create(dataSource);
        this.transactions = new DataSourceTransactionManager(dataSource);
        this.outageLog = outageLog;
        this.batchTemplate = new JdbcTemplate(dataSource);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Statements that run in the transaction of the {@link #inTransaction} call around them. */
    public JdbcClient sql() {
        return sql;
    }

    /**
     * Statements whose result the driver cuts at {@code maxRows} (JDBC's setMaxRows): the callers' SQL
     * stays as its plans were tuned, without a LIMIT. JdbcClient of Spring 6.2 has no per-statement
     * setting for it; a JdbcTemplate is a few fields, so one per call costs nothing worth caching.
     */
    public JdbcClient sqlReadingAtMost(int maxRows) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setMaxRows(maxRows);
        return JdbcClient.create(template);
    }

    /**
     * One statement run for each row of parameters, sent to the database together (JDBC batch), in the
     * transaction of the {@link #inTransaction} call around it. Returns the count each row changed.
     */
    public int[] batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        return batchTemplate.batchUpdate(sql, rows);
    }

    /**
     * Runs {@code work} in one transaction and commits it. Called inside another {@code inTransaction},
     * it joins that one: the outer call retries and maps failures, so that work stays one transaction.
     */
    public <T> T inTransaction(Supplier<T> work) {
        if (TransactionSynchronizationManager.hasResource(dataSource)) {
            return work.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                T result = runOnce(work);
                outageLog.succeeded();
                return result;
            } catch (DataAccessException | TransactionException e) {
                SQLException cause = sqlCause(e);
                if (cause != null && isConnectionProblem(cause)) {
                    // told once per outage by the outage log; the callers retry and log nothing of their own
                    outageLog.failed(cause);
                    throw new DatabaseUnavailableException("database unavailable: " + cause.getMessage(), e);
                }
                if (attempt >= MAX_ATTEMPTS || cause == null || !retryable(cause.getSQLState())) {
                    throw new IllegalStateException("database error: " + (cause == null ? e : cause).getMessage(), e);
                }
            }
        }
    }

    public void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    /**
     * The transaction manager's begin, commit and rollback, without TransactionTemplate: that one logs
     * a failed rollback at ERROR, and while the database is down every rollback fails (the outage log
     * tells the outage once instead).
     */
    private <T> T runOnce(Supplier<T> work) {
        TransactionStatus status = transactions.getTransaction(TransactionDefinition.withDefaults());
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            rollbackQuietly(status, e);
            throw e;
        }
        try {
            transactions.commit(status);
        } catch (RuntimeException e) {
            throw new CommitUnconfirmedException(e);
        }
        return result;
    }

    /** Whether the transaction that failed with {@code failure} may have committed (its commit had no answer). */
    public static boolean mayHaveCommitted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CommitUnconfirmedException) {
                return true;
            }
        }
        return false;
    }

    private void rollbackQuietly(TransactionStatus status, Throwable cause) {
        try {
            transactions.rollback(status);
        } catch (TransactionException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /** The driver's exception that Spring's wraps: its SQL state says what happened. */
    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
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
