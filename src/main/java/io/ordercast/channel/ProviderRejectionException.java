package io.ordercast.channel;

import java.time.Duration;
import java.time.Instant;

/**
 * A provider's refusal that means more than its transport status, as the push providers answer
 * (docs/push-errors.md): the device is gone, the request can never succeed, try again later, or our own
 * credentials are wrong. {@link FailureClassifier} reads the verdict; nothing else needs to know the provider.
 */
public class ProviderRejectionException extends RuntimeException {

    /** What the refusal means for the notification, the device and the provider. */
    public enum Verdict {
        /** The device token is no longer valid: the device is forgotten, the notification not retried. */
        DEVICE_GONE,
        /** The request can never succeed as it is (a bad payload, a bad topic): not retried. */
        PERMANENT,
        /** Worth retrying by the channel's policy, after {@code retryAfter} when the provider said so. */
        TRANSIENT,
        /**
         * Our credentials or set-up are wrong: no device is forgotten and no retry is spent; the provider's
         * circuit opens and the notification waits until the set-up is fixed.
         */
        MISCONFIGURED
    }

    private final String provider;
    private final Verdict verdict;
    private final Duration retryAfter;
    private final Instant unregisteredAt;

    public ProviderRejectionException(String provider, Verdict verdict, String reason) {
        this(provider, verdict, reason, null, null, null);
    }

    /**
     * @param reason         the provider's answer, without tokens or addresses (it is logged and stored)
     * @param retryAfter     the wait the provider asked for (TRANSIENT), or null
     * @param unregisteredAt since when the device is unregistered (APNs 410), or null: a token registered
     *                       again after it stays
     */
    public ProviderRejectionException(String provider, Verdict verdict, String reason, Duration retryAfter,
                                      Instant unregisteredAt, Throwable cause) {
        super(provider + ": " + reason, cause);
        this.provider = provider;
        this.verdict = verdict;
        this.retryAfter = retryAfter;
        this.unregisteredAt = unregisteredAt;
    }

    public String provider() {
        return provider;
    }

    public Verdict verdict() {
        return verdict;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public Instant unregisteredAt() {
        return unregisteredAt;
    }
}
