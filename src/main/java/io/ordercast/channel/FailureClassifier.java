package io.ordercast.channel;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import freemarker.template.TemplateException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.ordercast.channel.email.SmtpUtf8NotOfferedException;
import io.ordercast.db.DatabaseUnavailableException;
import jakarta.mail.internet.AddressException;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The one place that decides whether a failed send is worth retrying (docs/contract.md §3, failures):
 * HTTP 4xx but 408/429 and SMTP 5xx are permanent; connection problems, timeouts, 408, 429 (with its
 * Retry-After), 5xx and SMTP 4xx are transient; an open circuit, or a provider that cannot be reached at all
 * (connection refused, unknown host, no route), means the provider is down. A malformed
 * e-mail address is permanent, and so is one that needs SMTPUTF8 when the relay does not offer it. A push
 * provider's own verdict ({@link ProviderRejectionException}) is taken as it is.
 */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    public static Failure classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Failure known = classifyOne(t);
            if (known != null) {
                return known;
            }
        }
        return new Failure(Failure.Kind.TRANSIENT, describe(failure), null);
    }

    private static Failure classifyOne(Throwable t) {
        if (t instanceof CallNotPermittedException) {
            return new Failure(Failure.Kind.PROVIDER_DOWN, "provider circuit open: " + t.getMessage(), null);
        }
        if (t instanceof ProviderRejectionException rejected) {
            // its message is already the provider's answer in words ("apns: APNs 410 Unregistered"), no class name needed
            String reason = rejected.getMessage();
            return switch (rejected.verdict()) {
                case DEVICE_GONE, PERMANENT -> new Failure(Failure.Kind.PERMANENT, reason, null);
                case TRANSIENT -> new Failure(Failure.Kind.TRANSIENT, reason, rejected.retryAfter());
                case MISCONFIGURED -> new Failure(Failure.Kind.MISCONFIGURED, reason, null);
            };
        }
        if (t instanceof DatabaseUnavailableException) {
            // our own database, not the provider: wait for it without spending the notification's retries
            return new Failure(Failure.Kind.PROVIDER_DOWN, describe(t), null);
        }
        if (t instanceof HttpOperationFailedException http) {
            return http(http);
        }
        Failure smtp = SmtpReplies.classify(t);
        if (smtp != null) {
            return smtp;
        }
        if (t instanceof SmtpUtf8NotOfferedException) {
            // the address is valid and the relay is well: it lacks an extension, and will lack it on every retry
            return new Failure(Failure.Kind.PERMANENT, t.getMessage(), null);
        }
        if (t instanceof AddressException) {
            // a malformed address stays malformed; it says nothing about the relay either
            return new Failure(Failure.Kind.PERMANENT, describe(t), null);
        }
        if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
            // nothing reached the provider: wait for it like an open circuit, spending no retry of the notification
            return new Failure(Failure.Kind.PROVIDER_DOWN, "provider unreachable: " + describe(t), null);
        }
        if (t instanceof SocketTimeoutException) {
            return new Failure(Failure.Kind.TRANSIENT, describe(t), null);
        }
        if (t instanceof TemplateException || t instanceof IllegalArgumentException) {
            return new Failure(Failure.Kind.PERMANENT, describe(t), null);
        }
        if (t instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith("no template for")) {
            return new Failure(Failure.Kind.PERMANENT, describe(t), null);
        }
        return null;
    }

    private static Failure http(HttpOperationFailedException http) {
        int status = http.getStatusCode();
        String reason = "HTTP " + status + " from " + http.getUri();
        if (status == 429) {
            return new Failure(Failure.Kind.TRANSIENT, reason, retryAfter(http.getResponseHeaders().get("Retry-After")));
        }
        if (status == 408 || status >= 500) {
            return new Failure(Failure.Kind.TRANSIENT, reason, retryAfter(http.getResponseHeaders().get("Retry-After")));
        }
        return new Failure(status >= 400 ? Failure.Kind.PERMANENT : Failure.Kind.TRANSIENT, reason, null);
    }

    /** Retry-After is either seconds or an HTTP date; null when absent or unreadable. Public for the push providers. */
    public static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
