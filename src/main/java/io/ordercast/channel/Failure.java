package io.ordercast.channel;

import java.time.Duration;

import io.ordercast.common.Redaction;

/**
 * What a failed send means. PERMANENT: retrying cannot help (a 4xx, an SMTP 5xx, a missing template).
 * TRANSIENT: try again, after {@code retryAfter} when the provider said so. PROVIDER_DOWN: the
 * provider's circuit is open; wait without spending the notification's retries. MISCONFIGURED: our own
 * credentials or set-up for the provider are wrong; its circuit opens and the notification waits like PROVIDER_DOWN.
 * The reason is masked ({@link Redaction}) whoever words it: it is logged, stored, and shown by the API.
 */
public record Failure(Kind kind, String reason, Duration retryAfter) {

    public Failure {
        reason = Redaction.mask(reason);
    }

    public enum Kind { PERMANENT, TRANSIENT, PROVIDER_DOWN, MISCONFIGURED }

    public boolean permanent() {
        return kind == Kind.PERMANENT;
    }
}
