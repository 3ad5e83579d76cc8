package io.ordercast.channel.push;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.common.Redaction;
import io.ordercast.channel.FailureClassifier;
import io.ordercast.channel.ProviderRejectionException;
import io.ordercast.channel.ProviderRejectionException.Verdict;

/**
 * What an FCM HTTP v1 answer means (docs/push-errors.md, FCM): 2xx sent; the device is gone (UNREGISTERED, 404,
 * an invalid-token 400, SENDER_ID_MISMATCH); the request can never succeed (other 400s); our credentials are
 * wrong (401, 403 PERMISSION_DENIED, THIRD_PARTY_AUTH_ERROR); or try later (429, 5xx, UNSPECIFIED_ERROR, with
 * Retry-After).
 * <p>
 * FCM's own code is {@code error.details[@type=…FcmError].errorCode}; without it {@code error.status} and the
 * HTTP status decide. Forgetting a device cannot be undone, so a 404 only means "gone" when it is Google's
 * JSON error: an HTML 404 says the base URL is wrong, which is ours to fix.
 */
public class FcmResponses {

    static final String FCM_ERROR = "type.googleapis.com/google.firebase.fcm.v1.FcmError";
    private static final String PROVIDER = "fcm";
    /**
     * FCM answers an invalid token with a 400 INVALID_ARGUMENT that malformed payloads share; only the text
     * tells them apart: "The registration token is not a valid FCM registration token", or, in older answers,
     * a BadRequest field violation on message.token ("Invalid registration token").
     */
    private static final Pattern TOKEN_INVALID = Pattern.compile(
            "registration[ _-]?token.{0,40}(not a valid|invalid)|invalid.{0,20}registration[ _-]?token",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SENDER_ID_MISMATCH = Pattern.compile("sender[ _-]?id[ _-]?mismatch",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_MESSAGE = 300;

    private final ObjectMapper mapper;

    public FcmResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param status     the HTTP status FCM answered
     * @param body       the response body (JSON from FCM, HTML from a proxy, or null)
     * @param retryAfter the Retry-After header, or null
     * @param token      the device token the request was for: removed from the reason if FCM quotes it
     * @return empty for a 2xx; otherwise the rejection to throw
     */
    public Optional<ProviderRejectionException> rejection(int status, String body, String retryAfter, String token) {
        if (status >= 200 && status < 300) {
            return Optional.empty();
        }
        GoogleError error = parse(body);
        String code = error.fcmCode != null ? error.fcmCode : error.status;
        String reason = "FCM " + status + (code == null ? "" : " " + code)
                + (error.message == null ? "" : ": " + clean(error.message, token));
        Verdict verdict = verdict(status, error);
        return Optional.of(new ProviderRejectionException(PROVIDER, verdict, reason,
                verdict == Verdict.TRANSIENT ? FailureClassifier.retryAfter(retryAfter) : null, null, null));
    }

    private static Verdict verdict(int status, GoogleError error) {
        if (error.fcmCode != null) {
            Verdict byCode = byFcmCode(error);
            if (byCode != null) {
                return byCode;
            }
        }
        return switch (status) {
            case 400 -> error.aboutToken() ? Verdict.DEVICE_GONE : Verdict.PERMANENT;
            case 401 -> Verdict.MISCONFIGURED;
            // PERMISSION_DENIED is our service account lacking the right on the project; a token from another
            // project says so in the detail (ErrorInfo reason) or the message
            case 403 -> error.senderIdMismatch() ? Verdict.DEVICE_GONE : Verdict.MISCONFIGURED;
            case 404 -> error.json ? Verdict.DEVICE_GONE : Verdict.MISCONFIGURED;
            case 408, 429 -> Verdict.TRANSIENT;
            default -> {
                if (status >= 500) {
                    yield Verdict.TRANSIENT;
                }
                if (status >= 400) {
                    yield Verdict.PERMANENT;
                }
                // a 1xx or 3xx is not FCM answering: the base URL points elsewhere
                yield Verdict.MISCONFIGURED;
            }
        };
    }

    /** FCM's ErrorCode enum (reference: fcm/rest/v1/ErrorCode); null for a code this class does not know. */
    private static Verdict byFcmCode(GoogleError error) {
        return switch (error.fcmCode) {
            case "UNREGISTERED", "SENDER_ID_MISMATCH" -> Verdict.DEVICE_GONE;
            case "INVALID_ARGUMENT" -> error.aboutToken() ? Verdict.DEVICE_GONE : Verdict.PERMANENT;
            // APNs or web-push credentials stored in the Firebase project are wrong: an operator fixes them
            case "THIRD_PARTY_AUTH_ERROR", "APNS_AUTH_ERROR" -> Verdict.MISCONFIGURED;
            // no more information: retried, within the channel's cap (docs/push-errors.md; our choice)
            case "QUOTA_EXCEEDED", "UNAVAILABLE", "INTERNAL", "UNSPECIFIED_ERROR" -> Verdict.TRANSIENT;
            default -> null;
        };
    }

    private GoogleError parse(String body) {
        if (body == null || body.isBlank()) {
            return new GoogleError(false, null, null, null, "");
        }
        JsonNode error;
        try {
            error = mapper.readTree(body).path("error");
        } catch (IOException | RuntimeException notJson) {
            return new GoogleError(false, null, null, null, "");
        }
        if (!error.isObject()) {
            return new GoogleError(false, null, null, null, "");
        }
        String fcmCode = null;
        StringBuilder details = new StringBuilder();
        for (JsonNode detail : error.path("details")) {
            if (FCM_ERROR.equals(detail.path("@type").asText()) && detail.hasNonNull("errorCode")) {
                fcmCode = detail.path("errorCode").asText();
            }
            // google.rpc.ErrorInfo's reason and google.rpc.BadRequest's field violations, for the text matches
            details.append(' ').append(detail.path("reason").asText(""));
            for (JsonNode violation : detail.path("fieldViolations")) {
                details.append(' ').append(violation.path("field").asText(""))
                        .append(' ').append(violation.path("description").asText(""));
            }
        }
        return new GoogleError(true, fcmCode, text(error.path("status")), text(error.path("message")), details.toString());
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    /** FCM's message as it may go into logs: one line, short, without the token or addresses. */
    private static String clean(String message, String token) {
        String text = message;
        if (token != null && token.length() >= 8) {
            text = text.replace(token, Redaction.token(token));
        }
        text = text.replaceAll("[\\p{Cntrl}]+", " ").trim();
        text = text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
        return Redaction.mask(text);
    }

    /** The parts of a Google API error body that decide; {@code json} is whether it was one at all. */
    private record GoogleError(boolean json, String fcmCode, String status, String message, String details) {

        boolean aboutToken() {
            String all = (message == null ? "" : message) + " " + details;
            return TOKEN_INVALID.matcher(all).find()
                    || details.toLowerCase(Locale.ROOT).contains("message.token ");
        }

        boolean senderIdMismatch() {
            String all = (message == null ? "" : message) + " " + details;
            return SENDER_ID_MISMATCH.matcher(all).find();
        }
    }
}
