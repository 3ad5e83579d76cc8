package io.ordercast.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * Checks {@code Authorization: Bearer <ordercast.api.token>} on every /api/** call. The header is read from
 * the HTTP request itself, not from the exchange's headers: platform-http also turns query parameters into
 * headers, and {@code ?Authorization=Bearer%20...} must not authenticate (a token in a URL ends up in logs).
 * The HTTP server asks it too ({@link #refusal}), before any route is chosen (io.ordercast.http.ApiTokenFirst).
 */
public class ApiTokenGuard {

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    public ApiTokenGuard(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the API token must not be blank");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** The token itself, for the demo's {@code export TOKEN=...} line on the console; never to be logged. */
    public String token() {
        return new String(token, StandardCharsets.UTF_8);
    }

    public void check(Exchange exchange) {
        HttpMessage request = exchange.getIn(HttpMessage.class);
        // no HTTP request (a call from inside the service): nobody presented a token
        Optional<String> refusal = refusal(request == null ? null : request.getRequest().getHeader("Authorization"));
        if (refusal.isPresent()) {
            throw new UnauthorizedException(refusal.get());
        }
    }

    /** Why a request with this Authorization header is refused; empty when it carries the token. */
    public Optional<String> refusal(String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return Optional.of("missing bearer token: send Authorization: Bearer <ordercast.api.token>");
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token, presented) ? Optional.empty() : Optional.of("invalid bearer token");
    }

    /** Why an {@code Authorization} header does not authenticate, or null when it does. */
    public String problem(String authorization) {
        return refusal(authorization).orElse(null);
    }
}
