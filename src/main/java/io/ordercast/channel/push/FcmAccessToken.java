package io.ordercast.channel.push;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.HttpResponseException;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.ordercast.common.Redaction;
import io.ordercast.channel.FailureClassifier;
import io.ordercast.channel.ProviderRejectionException;
import io.ordercast.channel.ProviderRejectionException.Verdict;

/**
 * The OAuth2 access token FCM HTTP v1 wants, minted from a service-account file
 * ({@code ordercast.fcm.credentials-file}) by google-auth-library against the file's {@code token_uri}.
 * <p>
 * The library caches the token and refreshes it before it runs out: {@link #authorization()} calls
 * {@code refreshIfExpired()}, which refreshes in the calling thread once fewer than 3 min 45 s are left
 * (its refresh margin) and must refresh once fewer than 3 min are left (its expiration margin). A failed
 * refresh in the first window keeps the still-valid token; only a failure in the second one reaches the caller.
 * <p>
 * The file is read on first use, not at construction, and read again on every use until it loads: an
 * unset or broken file makes FCM sends MISCONFIGURED (the circuit opens, nothing is retried or forgotten)
 * instead of stopping the whole service, and a fixed file is picked up without a restart.
 * <p>
 * Neither the token nor anything from the key file ever goes into a message: the library's own exception
 * texts are not passed on, since a JSON parser may quote the file and an HTTP error quotes the response.
 */
public class FcmAccessToken {

    /** The one scope FCM HTTP v1 needs. */
    public static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    static final String FILE_KEY = "ordercast.fcm.credentials-file";
    private static final String PROVIDER = "fcm";

    private final String credentialsFile;
    private final ObjectMapper mapper = new ObjectMapper();
    private volatile ServiceAccountCredentials credentials;

    /** @param credentialsFile the service-account JSON file's path; null or blank: FCM is not configured */
    public FcmAccessToken(String credentialsFile) {
        this.credentialsFile = credentialsFile == null ? "" : credentialsFile.trim();
    }

    /** The {@code Authorization} header value, "Bearer " and a token with at least 3 minutes left. */
    public String authorization() {
        ServiceAccountCredentials loaded = credentials();
        try {
            loaded.refreshIfExpired();
        } catch (IOException refused) {
            throw tokenEndpointFailure(refused);
        }
        AccessToken token = loaded.getAccessToken();
        if (token == null) {
            // refreshIfExpired() either leaves a token or throws; this only guards against a library change
            throw new ProviderRejectionException(PROVIDER, Verdict.TRANSIENT, "no access token after refresh");
        }
        return "Bearer " + token.getTokenValue();
    }

    private ServiceAccountCredentials credentials() {
        ServiceAccountCredentials loaded = credentials;
        if (loaded == null) {
            synchronized (this) {
                loaded = credentials;
                if (loaded == null) {
                    loaded = load();
                    credentials = loaded;
                }
            }
        }
        return loaded;
    }

    private ServiceAccountCredentials load() {
        if (credentialsFile.isEmpty()) {
            throw misconfigured(FILE_KEY + " is not set");
        }
        Path file = Path.of(credentialsFile);
        try (InputStream in = Files.newInputStream(file)) {
            ServiceAccountCredentials read = ServiceAccountCredentials.fromStream(in);
            return read.toBuilder()
                    .setScopes(List.of(SCOPE))
                    // One retry policy per channel (the route's redelivery and circuit breaker): the library
                    // would otherwise retry the token endpoint 3 times with 1-2-4 s back-off inside one send.
                    .setDefaultRetriesEnabled(false)
                    .build();
        } catch (NoSuchFileException missing) {
            throw misconfigured(FILE_KEY + " names no file: " + file);
        } catch (IOException | RuntimeException unreadable) {
            // the cause's message is left out on purpose: a parser may quote the private key
            throw misconfigured(FILE_KEY + " (" + file + ") is not a readable service-account JSON file ("
                    + unreadable.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The token endpoint refused (its 4xx: a revoked or deleted key, a wrong token_uri) or could not be
     * reached (connection, timeout, its 5xx, 408, 429). The library wraps the HTTP answer in an IOException
     * whose cause is google-http-client's {@link HttpResponseException}.
     */
    private ProviderRejectionException tokenEndpointFailure(IOException failure) {
        HttpResponseException http = httpCause(failure);
        if (http == null) {
            return new ProviderRejectionException(PROVIDER, Verdict.TRANSIENT,
                    "token endpoint unreachable: " + rootCause(failure), null, null, null);
        }
        int status = http.getStatusCode();
        String reason = "HTTP " + status + oauthError(http.getContent());
        if (status == 408 || status == 429 || status >= 500) {
            String retryAfter = http.getHeaders() == null ? null : http.getHeaders().getRetryAfter();
            return new ProviderRejectionException(PROVIDER, Verdict.TRANSIENT, "token endpoint failed: " + reason,
                    FailureClassifier.retryAfter(retryAfter), null, null);
        }
        return misconfigured("access token refused by the token endpoint: " + reason);
    }

    /**
     * "ConnectException: Connection refused": the innermost failure, whose text is the JDK's (a host, a
     * timeout), not the library's wrapper (which names the service account) nor an HTTP body.
     */
    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        message = message.length() <= 200 ? message : message.substring(0, 200) + "...";
        return Redaction.mask(root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message));
    }

    private static HttpResponseException httpCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpResponseException http) {
                return http;
            }
        }
        return null;
    }

    /**
     * " invalid_grant (Invalid JWT Signature.)" from an RFC 6749 error body; the body holds no token. A 401's
     * body never gets here: the JDK's HttpURLConnection, which the library posts with, cannot read it back.
     */
    private String oauthError(String content) {
        if (content == null || content.isBlank()) {
            return "";
        }
        try {
            JsonNode body = mapper.readTree(content);
            String error = body.path("error").asText("");
            String description = body.path("error_description").asText("");
            if (error.isEmpty()) {
                return "";
            }
            String text = description.isEmpty() ? error : error + " (" + description + ")";
            text = text.length() <= 200 ? text : text.substring(0, 200) + "...";
            return " " + Redaction.mask(text);
        } catch (IOException notJson) {
            return "";
        }
    }

    private static ProviderRejectionException misconfigured(String reason) {
        return new ProviderRejectionException(PROVIDER, Verdict.MISCONFIGURED, reason);
    }
}
