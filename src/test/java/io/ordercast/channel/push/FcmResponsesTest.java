package io.ordercast.channel.push;

import java.time.Duration;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.channel.ProviderRejectionException;
import io.ordercast.channel.ProviderRejectionException.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.ordercast.channel.ProviderRejectionException.Verdict.DEVICE_GONE;
import static io.ordercast.channel.ProviderRejectionException.Verdict.MISCONFIGURED;
import static io.ordercast.channel.ProviderRejectionException.Verdict.PERMANENT;
import static io.ordercast.channel.ProviderRejectionException.Verdict.TRANSIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * docs/push-errors.md, FCM: one row per answer FCM HTTP v1 gives, with bodies shaped as FCM sends them
 * (the ErrorCode reference, firebase-admin-java#1064, rails/action_push_native#141, Pushiko's response catalogue).
 */
class FcmResponsesTest {

    static final String TOKEN = "dXp1c2VyLXRva2VuOkFQQTkxYkdfd2hvbGUtdG9rZW4tZm9yLXRlc3Q9PQabc123";
    final FcmResponses responses = new FcmResponses(new ObjectMapper());

    static Stream<Arguments> answers() {
        return Stream.of(
                arguments("404 UNREGISTERED", 404, fcmError(404, "NOT_FOUND", "Requested entity was not found.",
                        "UNREGISTERED"), DEVICE_GONE, "FCM 404 UNREGISTERED: Requested entity was not found."),
                arguments("404 NOT_FOUND without FcmError detail", 404,
                        error(404, "NOT_FOUND", "Requested entity was not found.", ""), DEVICE_GONE,
                        "FCM 404 NOT_FOUND: Requested entity was not found."),
                arguments("UNREGISTERED on another status", 400, fcmError(400, "INVALID_ARGUMENT",
                        "Requested entity was not found.", "UNREGISTERED"), DEVICE_GONE, null),
                arguments("400 invalid token (current wording)", 400, fcmError(400, "INVALID_ARGUMENT",
                        "The registration token is not a valid FCM registration token", "INVALID_ARGUMENT"),
                        DEVICE_GONE,
                        "FCM 400 INVALID_ARGUMENT: The registration token is not a valid FCM registration token"),
                arguments("400 invalid token (BadRequest on message.token)", 400, error(400, "INVALID_ARGUMENT",
                        "Request contains an invalid argument.", """
                        {"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"INVALID_ARGUMENT"},
                        {"@type":"type.googleapis.com/google.rpc.BadRequest",
                         "fieldViolations":[{"field":"message.token","description":"Invalid registration token"}]}
                        """), DEVICE_GONE, null),
                arguments("400 invalid token, other case", 400, fcmError(400, "INVALID_ARGUMENT",
                        "the REGISTRATION TOKEN is not a valid fcm registration token.", "INVALID_ARGUMENT"),
                        DEVICE_GONE, null),
                arguments("400 payload too big", 400, error(400, "INVALID_ARGUMENT",
                        "Request contains an invalid argument.", ""), PERMANENT,
                        "FCM 400 INVALID_ARGUMENT: Request contains an invalid argument."),
                arguments("400 reserved data key", 400, error(400, "INVALID_ARGUMENT",
                        "Invalid data payload key: from", """
                        {"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"INVALID_ARGUMENT"},
                        {"@type":"type.googleapis.com/google.rpc.BadRequest",
                         "fieldViolations":[{"field":"message.data","description":"Invalid data payload key: from"}]}
                        """), PERMANENT, null),
                arguments("400 recipient not set", 400, error(400, "INVALID_ARGUMENT",
                        "Recipient of the message is not set.", """
                        {"@type":"type.googleapis.com/google.rpc.BadRequest",
                         "fieldViolations":[{"field":"message","description":"Recipient of the message is not set."}]},
                        {"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"INVALID_ARGUMENT"}
                        """), PERMANENT, null),
                arguments("403 SENDER_ID_MISMATCH (FcmError)", 403, fcmError(403, "PERMISSION_DENIED",
                        "SenderId mismatch", "SENDER_ID_MISMATCH"), DEVICE_GONE,
                        "FCM 403 SENDER_ID_MISMATCH: SenderId mismatch"),
                arguments("403 SENDER_ID_MISMATCH (ErrorInfo reason)", 403, error(403, "PERMISSION_DENIED",
                        "SenderId mismatch", """
                        {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SENDER_ID_MISMATCH",
                         "domain":"googleapis.com","metadata":{"service":"fcm.googleapis.com"}}
                        """), DEVICE_GONE, "FCM 403 PERMISSION_DENIED: SenderId mismatch"),
                arguments("403 PERMISSION_DENIED (IAM)", 403, error(403, "PERMISSION_DENIED",
                        "Permission 'cloudmessaging.messages.create' denied on resource "
                                + "'//cloudresourcemanager.googleapis.com/projects/demo' (or it may not exist).", """
                        {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"IAM_PERMISSION_DENIED",
                         "domain":"cloudresourcemanager.googleapis.com"}
                        """), MISCONFIGURED, null),
                arguments("401 THIRD_PARTY_AUTH_ERROR", 401, fcmError(401, "UNAUTHENTICATED",
                        "Auth error from APNS or Web Push Service", "THIRD_PARTY_AUTH_ERROR"), MISCONFIGURED,
                        "FCM 401 THIRD_PARTY_AUTH_ERROR: Auth error from APNS or Web Push Service"),
                arguments("401 UNAUTHENTICATED (our OAuth token)", 401, error(401, "UNAUTHENTICATED",
                        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie "
                                + "or other valid authentication credential.", ""), MISCONFIGURED, null),
                arguments("429 QUOTA_EXCEEDED", 429, fcmError(429, "RESOURCE_EXHAUSTED",
                        "Quota exceeded for quota metric 'Send requests'", "QUOTA_EXCEEDED"), TRANSIENT,
                        "FCM 429 QUOTA_EXCEEDED: Quota exceeded for quota metric 'Send requests'"),
                arguments("500 INTERNAL", 500, fcmError(500, "INTERNAL", "Internal error encountered.", "INTERNAL"),
                        TRANSIENT, "FCM 500 INTERNAL: Internal error encountered."),
                arguments("503 UNAVAILABLE", 503, fcmError(503, "UNAVAILABLE", "The service is currently unavailable.",
                        "UNAVAILABLE"), TRANSIENT, null),
                arguments("502 HTML from Google's front end", 502, "<!DOCTYPE html><html lang=en><title>Error 502 "
                        + "(Server Error)!!1</title></html>", TRANSIENT, "FCM 502"),
                arguments("504 without a body", 504, null, TRANSIENT, "FCM 504"),
                arguments("UNSPECIFIED_ERROR", 400, fcmError(400, "INVALID_ARGUMENT", "Unknown error.",
                        "UNSPECIFIED_ERROR"), TRANSIENT, null),
                arguments("404 HTML: the base URL is wrong, no device is forgotten", 404,
                        "<html><body>Not Found</body></html>", MISCONFIGURED, "FCM 404"),
                arguments("302 from a proxy", 302, "", MISCONFIGURED, "FCM 302"),
                arguments("413 from a proxy", 413, "", PERMANENT, "FCM 413"));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("answers")
    void should_classify_fcm_answers(String name, int status, String body, Verdict verdict, String reason) {
        ProviderRejectionException rejection = responses.rejection(status, body, null, TOKEN).orElseThrow();

        assertThat(rejection.verdict()).isEqualTo(verdict);
        assertThat(rejection.provider()).isEqualTo("fcm");
        if (reason != null) {
            assertThat(rejection.getMessage()).isEqualTo("fcm: " + reason);
        }
        assertThat(rejection.getMessage()).doesNotContain(TOKEN);
    }

    @Test
    void should_accept_every_2xx() {
        assertThat(responses.rejection(200, "{\"name\":\"projects/demo/messages/0:1500415314455276%31bd1c9631bd1c96\"}",
                null, TOKEN)).isEmpty();
        assertThat(responses.rejection(204, null, null, TOKEN)).isEmpty();
    }

    @Test
    void should_honour_retry_after_in_seconds_on_transient_answers() {
        ProviderRejectionException rejection = responses.rejection(503,
                fcmError(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE"), "7", TOKEN)
                .orElseThrow();

        assertThat(rejection.verdict()).isEqualTo(TRANSIENT);
        assertThat(rejection.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void should_honour_retry_after_as_a_date_on_429() {
        String inAMinute = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(60));

        ProviderRejectionException rejection = responses.rejection(429,
                fcmError(429, "RESOURCE_EXHAUSTED", "Quota exceeded", "QUOTA_EXCEEDED"), inAMinute, TOKEN).orElseThrow();

        assertThat(rejection.retryAfter()).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60));
    }

    @Test
    void should_ignore_retry_after_on_answers_that_are_not_retried() {
        ProviderRejectionException rejection = responses.rejection(404,
                fcmError(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED"), "30", TOKEN)
                .orElseThrow();

        assertThat(rejection.retryAfter()).isNull();
    }

    @Test
    void should_keep_only_the_tail_of_a_token_fcm_quotes() {
        ProviderRejectionException rejection = responses.rejection(400, fcmError(400, "INVALID_ARGUMENT",
                "Invalid registration token: " + TOKEN, "INVALID_ARGUMENT"), null, TOKEN).orElseThrow();

        assertThat(rejection.verdict()).isEqualTo(DEVICE_GONE);
        assertThat(rejection.getMessage()).doesNotContain(TOKEN).endsWith("Invalid registration token: …abc123");
    }

    @Test
    void should_keep_fcm_text_to_one_short_line() {
        ProviderRejectionException rejection = responses.rejection(400,
                error(400, "INVALID_ARGUMENT", "line one\\nline two " + "x".repeat(1_000), ""), null, TOKEN)
                .orElseThrow();

        assertThat(rejection.getMessage()).doesNotContain("\n").hasSizeLessThan(400);
    }

    /** A Google API error with FCM's detail, as FCM HTTP v1 answers. */
    static String fcmError(int code, String status, String message, String errorCode) {
        return error(code, status, message, """
                {"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"%s"}""".formatted(errorCode));
    }

    static String error(int code, String status, String message, String details) {
        return """
                {
                  "error": {
                    "code": %d,
                    "message": "%s",
                    "status": "%s",
                    "details": [%s]
                  }
                }
                """.formatted(code, message, status, details);
    }
}
