package io.ordercast.channel.push;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import com.eatthepath.pushy.apns.PushNotificationResponse;
import io.ordercast.channel.ProviderRejectionException;
import io.ordercast.channel.ProviderRejectionException.Verdict;

/**
 * What an APNs refusal or a failed send means for the notification, the device and the channel, by the table in
 * docs/push-errors.md (APNs section). The reasons carry APNs' status and reason word only: never a device token, never
 * key material (they are logged and stored).
 */
final class ApnsRejections {

    static final String PROVIDER = "apns";

    /** 400 reasons that mean this token will never work for this app. */
    private static final Set<String> TOKEN_GONE = Set.of("BadDeviceToken", "DeviceTokenNotForTopic");
    /** 403 reasons that mean our key, team or certificate is wrong: no retry helps until the set-up is fixed. */
    private static final Set<String> CREDENTIALS_WRONG = Set.of("InvalidProviderToken", "MissingProviderToken",
            "BadCertificate", "BadCertificateEnvironment", "Forbidden");

    private ApnsRejections() {
    }

    /** APNs answered and did not accept the notification. */
    static ProviderRejectionException rejected(PushNotificationResponse<?> response) {
        int status = response.getStatusCode();
        String reason = response.getRejectionReason().map(ApnsRejections::word).orElse("");
        String text = ("APNs " + status + " " + reason).trim();
        return switch (status) {
            // Unregistered (and ExpiredToken): gone since the timestamp; a token registered again after it stays
            case 410 -> new ProviderRejectionException(PROVIDER, Verdict.DEVICE_GONE, text, null,
                    response.getTokenInvalidationTimestamp().orElse(null), null);
            // BadDeviceToken is also what a sandbox token gets from production: a wrong ordercast.apns.host
            // shows up as every iOS device being forgotten
            case 400 -> TOKEN_GONE.contains(reason) ? verdict(Verdict.DEVICE_GONE, text)
                    // IdleTimeout: the connection idled out on Apple's side; Pushy reconnects, a retry goes through
                    : "IdleTimeout".equals(reason) ? verdict(Verdict.TRANSIENT, text)
                    : verdict(Verdict.PERMANENT, text);
            // ExpiredProviderToken: Pushy closes that connection, the next one signs a fresh JWT
            case 403 -> "ExpiredProviderToken".equals(reason) ? verdict(Verdict.TRANSIENT, text)
                    : verdict(Verdict.MISCONFIGURED, text);
            case 404, 405, 413 -> verdict(Verdict.PERMANENT, text);
            // TooManyProviderTokenUpdates: our JWT was re-signed too often; the connection stays unusable for a while
            case 429 -> "TooManyProviderTokenUpdates".equals(reason) ? verdict(Verdict.MISCONFIGURED, text)
                    : verdict(Verdict.TRANSIENT, text);
            // 500 InternalServerError, 503 ServiceUnavailable / Shutdown and anything new: worth another try later
            default -> verdict(Verdict.TRANSIENT, text);
        };
    }

    /** No answer: the connection failed, the client was closed, or APNs did not answer in time. */
    static ProviderRejectionException unanswered(Throwable failure, Duration timeout) {
        String text = failure instanceof TimeoutException
                ? "APNs did not answer within " + timeout
                : "APNs unreachable: " + failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return new ProviderRejectionException(PROVIDER, Verdict.TRANSIENT, text, null, null, failure);
    }

    static ProviderRejectionException misconfigured(String text) {
        return verdict(Verdict.MISCONFIGURED, text);
    }

    private static ProviderRejectionException verdict(Verdict verdict, String text) {
        return new ProviderRejectionException(PROVIDER, verdict, text);
    }

    /** APNs' reason is one word; anything else in it (it is logged) is dropped. */
    private static String word(String reason) {
        return reason.replaceAll("[^A-Za-z0-9]", "");
    }
}
