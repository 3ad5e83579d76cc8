package io.ordercast.db;

import java.util.Optional;

/** Where the database is; {@code schema} null means the connection's default schema. */
public record DatabaseSettings(String url, String username, String password, String schema, int poolSize,
                               long connectionTimeoutMillis) {

    public static final String EMBEDDED_URL
            = "jdbc:h2:file:./data/ordercast;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;LOCK_TIMEOUT=10000";

    public DatabaseSettings {
        if (isEmbedded(url)) {
            url = EMBEDDED_URL;
        }
        if (schema != null && schema.isBlank()) {
            schema = null;
        }
    }

    /** The server's host:port, to name in messages; empty for the embedded database. */
    public Optional<String> peer() {
        return JdbcPeer.of(url);
    }

    /** Whether ordercast.db.url names the embedded H2 database: unset, blank or {@code embedded}. */
    public static boolean isEmbedded(String url) {
        return url == null || url.isBlank() || "embedded".equals(url.trim());
    }
}
