package io.ordercast.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * Checks {@code Authorization: Bearer <ordercast.api.token>} on every /api/** call. The header is read from
 * the HTTP request itself, not from the exchange's headers: platform-http also turns query parameters into
 * headers, and {@code ?Authorization=Bearer%20...} must not authenticate (a token in a URL ends up in logs).
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

    public void check(Exchange exchange) {
        HttpMessage request = exchange.getIn(HttpMessage.class);
        // no HTTP request (a call from inside the service): nobody presented a token
        String problem = problem(request == null ? null : request.getRequest().getHeader("Authorization"));
        if (problem != null) {
            throw new UnauthorizedException(problem);
        }
    }

    /** Why an {@code Authorization} header does not authenticate, or null when it does. */
    public String problem(String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return "missing bearer token: send Authorization: Bearer <ordercast.api.token>";
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token, presented) ? null : "invalid bearer token";
    }
}
