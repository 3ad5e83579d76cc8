package io.ordercast.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.apache.camel.Header;

/** Checks {@code Authorization: Bearer <ordercast.api.token>} on every /api/** call. */
public class ApiTokenGuard {

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    public ApiTokenGuard(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the API token must not be blank");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    public void check(@Header("Authorization") String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw new UnauthorizedException("missing bearer token: send Authorization: Bearer <ordercast.api.token>");
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, presented)) {
            throw new UnauthorizedException("invalid bearer token");
        }
    }
}
