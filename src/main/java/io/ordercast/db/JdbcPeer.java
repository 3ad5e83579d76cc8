package io.ordercast.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host:port a JDBC URL connects to, for messages an operator reads: what to check when the database does not
 * answer. Never the URL itself, which may carry a user, a password or other properties.
 */
public final class JdbcPeer {

    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("postgresql", 5432, "h2", 9092);

    private JdbcPeer() {
    }

    /** Empty for a URL that names no server: an embedded or in-memory database. */
    public static Optional<String> of(String jdbcUrl) {
        String url = jdbcUrl.trim();
        int colon = url.indexOf(':', "jdbc:".length());
        if (!url.startsWith("jdbc:") || colon < 0) {
            return Optional.empty();
        }
        String subprotocol = url.substring("jdbc:".length(), colon);
        int slashes = url.indexOf("//");
        if (slashes < 0) {
            // jdbc:postgresql:db is a database on localhost; an H2 URL without // is a file or memory of this process
            return "postgresql".equals(subprotocol) ? Optional.of("localhost:5432") : Optional.empty();
        }
        String authority = url.substring(slashes + 2).split("[/?;]", 2)[0];
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        if (authority.isBlank()) {
            return Optional.empty();
        }
        List<String> hosts = new ArrayList<>();
        for (String host : authority.split(",")) {
            // an IPv6 literal keeps its colons inside the brackets
            boolean hasPort = host.lastIndexOf(':') > host.lastIndexOf(']');
            Integer port = DEFAULT_PORTS.get(subprotocol);
            hosts.add(hasPort || port == null ? host : host + ":" + port);
        }
        return Optional.of(String.join(",", hosts));
    }
}
