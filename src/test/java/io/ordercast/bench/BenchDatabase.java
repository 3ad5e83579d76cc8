package io.ordercast.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The bench's own PostgreSQL database (dropped and created anew each run), what the service stored
 * there, and the server's own counters: statements (pg_stat_statements, when the server preloads
 * it) and commits of that database. The bench's own queries are marked so they are not counted.
 */
final class BenchDatabase implements AutoCloseable {

    static final String NAME = "ordercast_bench";
    /** marks the bench's own statements, so the statement counts leave them out */
    private static final String MARK = "/* ordercast-bench */ ";

    private final String serverUrl;
    private final String user;
    private Connection connection;
    private long ownTransactions;

    BenchDatabase(String serverUrl, String user) {
        this.serverUrl = serverUrl;
        this.user = user;
    }

    String url() {
        return serverUrl + "/" + NAME;
    }

    String user() {
        return user;
    }

    void recreate() throws SQLException {
        close();
        try (Connection admin = DriverManager.getConnection(serverUrl + "/postgres", user, "");
             Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
            // C collation: the bench's own look-ups by order id prefix (LIKE 'SO-B-%') then use the order_id
            // indexes; under another collation they scan the whole table and load the machine under test
            s.execute("CREATE DATABASE " + NAME + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        }
        connection = DriverManager.getConnection(url(), user, "");
        if (statementsTracked()) {
            execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        }
    }

    void drop() throws SQLException {
        close();
        try (Connection admin = DriverManager.getConnection(serverUrl + "/postgres", user, "");
             Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
        }
    }

    Connection connection() {
        return connection;
    }

    Connection newConnection() throws SQLException {
        return DriverManager.getConnection(url(), user, "");
    }

    boolean statementsTracked() throws SQLException {
        return text("SHOW shared_preload_libraries").contains("pg_stat_statements");
    }

    long number(String sql) throws SQLException {
        ownTransactions++;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(MARK + sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    double decimal(String sql) throws SQLException {
        ownTransactions++;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(MARK + sql)) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    String text(String sql) throws SQLException {
        ownTransactions++;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(MARK + sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    List<String[]> rows(String sql, int columns) throws SQLException {
        ownTransactions++;
        List<String[]> rows = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(MARK + sql)) {
            while (rs.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rs.getString(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    void execute(String sql) throws SQLException {
        ownTransactions++;
        try (Statement s = connection.createStatement()) {
            s.execute(MARK + sql);
        }
    }

    /** What autovacuum would do on a production server; this machine's PostgreSQL runs without it. */
    void analyze() throws SQLException {
        execute("VACUUM (ANALYZE)");
    }

    /** "live / dead" row versions of a table, as PostgreSQL's statistics count them now. */
    String liveAndDead(String table) throws SQLException {
        return text("SELECT n_live_tup || ' live / ' || n_dead_tup || ' dead' FROM pg_stat_user_tables WHERE relname = '"
                + table + "'");
    }

    /** Commits and statements of the service so far; see {@link Counters#since}. */
    Counters counters() throws SQLException {
        long commits = number("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
        long statements = statementsTracked() ? number("SELECT COALESCE(SUM(calls), 0) FROM pg_stat_statements s"
                + " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()"
                + " AND s.query NOT LIKE '%ordercast-bench%' AND s.query NOT ILIKE 'begin%'"
                + " AND s.query NOT ILIKE 'commit%' AND s.query NOT ILIKE 'rollback%' AND s.query NOT ILIKE 'set %'"
                + " AND s.query NOT ILIKE 'select 1' AND s.query NOT ILIKE 'show%'") : -1;
        return new Counters(commits, statements, ownTransactions);
    }

    void resetStatements() throws SQLException {
        if (statementsTracked()) {
            number("SELECT 1 FROM (SELECT pg_stat_statements_reset()) r");
        }
    }

    /** The service's statements by total time, for the report. */
    List<String[]> topStatements(int limit) throws SQLException {
        if (!statementsTracked()) {
            return List.of();
        }
        return rows("SELECT calls, round(total_exec_time::numeric, 0), round(mean_exec_time::numeric, 3),"
                + " round(rows::numeric / greatest(calls, 1), 1), left(regexp_replace(query, '\\s+', ' ', 'g'), 150)"
                + " FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid"
                + " WHERE d.datname = current_database() AND s.query NOT LIKE '%ordercast-bench%'"
                + " ORDER BY total_exec_time DESC LIMIT " + limit, 5);
    }

    record Counters(long commits, long statements, long own) {
        /** Per item, leaving out the transactions the bench itself ran. */
        double[] perItemSince(Counters before, long items) {
            double commitsPer = (commits - before.commits - (own - before.own)) / (double) items;
            double statementsPer = statements < 0 ? -1 : (statements - before.statements) / (double) items;
            return new double[] { commitsPer, statementsPer };
        }
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
