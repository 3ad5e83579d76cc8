package io.ordercast.failure;

import java.time.Duration;

/** How one channel retries a transient failure: how often, and how long it waits between tries. */
public record RetryPolicy(int maximumRetries, Duration initialDelay, double multiplier, Duration maximumDelay) {

    public Duration delayBeforeRetry(int retry) {
        double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1));
        return Duration.ofMillis((long) Math.min(millis, maximumDelay.toMillis()));
    }
}
