package io.ordercast.channel;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.ordercast.channel.email.SmtpUtf8NotOfferedException;
import io.ordercast.db.DatabaseUnavailableException;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.ordercast.channel.Failure.Kind.PERMANENT;
import static io.ordercast.channel.Failure.Kind.PROVIDER_DOWN;
import static io.ordercast.channel.Failure.Kind.TRANSIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * docs/contract.md §3, "Channels" and "Failures, retries and dead letters": for each channel, which failures are
 * permanent (straight to the dead letter) and which are transient (retried). One row per cell of the table, plus
 * the open circuit. The push rows check plain HTTP statuses, then the providers' own verdicts (docs/push-errors.md).
 */
class FailureClassifierTest {

    static Stream<Arguments> contractChannelTable() {
        return Stream.of(
                // email: permanent "5xx reply"; transient "connect/4xx/timeouts"
                arguments("email", "550 to RCPT TO (unknown user)", recipientRefused(550), PERMANENT),
                arguments("email", "553 to MAIL FROM", new SMTPSenderFailedException(address(), "MAIL FROM:<ordercast@localhost>", 553,
                        "553 5.1.8 sender rejected"), PERMANENT),
                arguments("email", "554 to DATA", dataRefused(554), PERMANENT),
                arguments("email", "malformed address", new AddressException("Illegal semicolon", "a;b@x"), PERMANENT),
                arguments("email", "450 to RCPT TO (mailbox busy)", recipientRefused(450), TRANSIENT),
                arguments("email", "451 to DATA", dataRefused(451), TRANSIENT),
                // nothing reached the relay: it is down, waited for like an open circuit, spending no retry
                arguments("email", "connection refused", new MessagingException("Couldn't connect to host, port: localhost, 25",
                        new ConnectException("Connection refused")), PROVIDER_DOWN),
                arguments("email", "read timeout", new MessagingException("Exception reading response",
                        new SocketTimeoutException("Read timed out")), TRANSIENT),
                arguments("email", "unknown relay host", new MessagingException("Couldn't connect",
                        new UnknownHostException("smtp.invalid")), PROVIDER_DOWN),

                // sms: permanent "4xx except 408/429"; transient "408, 429, 5xx, timeouts"
                arguments("sms", "HTTP 400", http(400), PERMANENT),
                arguments("sms", "HTTP 401", http(401), PERMANENT),
                arguments("sms", "HTTP 403", http(403), PERMANENT),
                arguments("sms", "HTTP 404", http(404), PERMANENT),
                arguments("sms", "HTTP 422", http(422), PERMANENT),
                arguments("sms", "HTTP 408", http(408), TRANSIENT),
                arguments("sms", "HTTP 429", http(429), TRANSIENT),
                arguments("sms", "HTTP 500", http(500), TRANSIENT),
                arguments("sms", "HTTP 502", http(502), TRANSIENT),
                arguments("sms", "HTTP 503", http(503), TRANSIENT),
                arguments("sms", "HTTP 504", http(504), TRANSIENT),
                arguments("sms", "read timeout", new SocketTimeoutException("Read timed out"), TRANSIENT),
                // not in the contract's sms cell, but connection errors are transient for every channel (README, FailureClassifier)
                arguments("sms", "connection refused", new ConnectException("Connection refused"), PROVIDER_DOWN),

                // webhook: permanent "4xx except 408/429"; transient "rest"
                arguments("webhook", "HTTP 400", http(400), PERMANENT),
                arguments("webhook", "HTTP 404", http(404), PERMANENT),
                arguments("webhook", "HTTP 410", http(410), PERMANENT),
                arguments("webhook", "HTTP 499", http(499), PERMANENT),
                arguments("webhook", "HTTP 408", http(408), TRANSIENT),
                arguments("webhook", "HTTP 429", http(429), TRANSIENT),
                arguments("webhook", "HTTP 301 (not followed)", http(301), TRANSIENT),
                arguments("webhook", "HTTP 500", http(500), TRANSIENT),
                arguments("webhook", "HTTP 599", http(599), TRANSIENT),
                arguments("webhook", "connection refused", new ConnectException("Connection refused"), PROVIDER_DOWN),
                arguments("webhook", "read timeout", new SocketTimeoutException("Read timed out"), TRANSIENT),
                arguments("webhook", "an I/O error nobody named", new IOException("Connection reset"), TRANSIENT),

                // push (FCM, APNs), status codes only: permanent 404 / 400 / 410; transient 429, 500, 503
                arguments("push", "FCM 404 UNREGISTERED", http(404), PERMANENT),
                arguments("push", "FCM 400 INVALID_ARGUMENT / APNs 400 BadDeviceToken", http(400), PERMANENT),
                arguments("push", "APNs 410 Unregistered", http(410), PERMANENT),
                arguments("push", "HTTP 429", http(429), TRANSIENT),
                arguments("push", "HTTP 500", http(500), TRANSIENT),
                arguments("push", "HTTP 503", http(503), TRANSIENT),
                // push, the providers' own verdicts (docs/push-errors.md): the FCM and APNs clients read the answer's body
                arguments("push", "device gone (FCM UNREGISTERED, APNs 410)", rejection(ProviderRejectionException.Verdict.DEVICE_GONE), PERMANENT),
                arguments("push", "bad request (APNs BadTopic)", rejection(ProviderRejectionException.Verdict.PERMANENT), PERMANENT),
                arguments("push", "try later (FCM QUOTA_EXCEEDED, APNs 500)", rejection(ProviderRejectionException.Verdict.TRANSIENT), TRANSIENT),
                arguments("push", "our credentials (FCM THIRD_PARTY_AUTH_ERROR, APNs InvalidProviderToken)",
                        rejection(ProviderRejectionException.Verdict.MISCONFIGURED), Failure.Kind.MISCONFIGURED),

                // any channel: an open circuit, or our own database down, is waited out without spending retries
                arguments("any", "provider circuit open", circuitOpen(), PROVIDER_DOWN),
                arguments("any", "our database unavailable", new DatabaseUnavailableException("database unavailable",
                        new ConnectException("Connection refused")), PROVIDER_DOWN));
    }

    @Test
    void should_give_a_push_providers_answer_as_the_reason_and_keep_its_retry_after() {
        Failure failure = FailureClassifier.classify(new CamelExecutionException("send failed", null,
                new ProviderRejectionException("fcm", ProviderRejectionException.Verdict.TRANSIENT,
                        "FCM 429 QUOTA_EXCEEDED: Quota exceeded.", Duration.ofSeconds(60), null, null)));

        assertThat(failure.reason()).isEqualTo("fcm: FCM 429 QUOTA_EXCEEDED: Quota exceeded.");
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    private static ProviderRejectionException rejection(ProviderRejectionException.Verdict verdict) {
        return new ProviderRejectionException("apns", verdict, "APNs answer");
    }

    @ParameterizedTest(name = "{0}: {1} is {3}")
    @MethodSource("contractChannelTable")
    void should_classify_each_failure_of_the_contracts_channel_table(String channel, String failure, Throwable thrown,
                                                                      Failure.Kind expected) {
        assertThat(FailureClassifier.classify(thrown).kind()).isEqualTo(expected);
    }

    @Test
    void should_classify_by_the_cause_when_camel_wraps_the_failure() {
        Throwable wrapped = new CamelExecutionException("send failed", null, http(404));
        assertThat(FailureClassifier.classify(wrapped).kind()).isEqualTo(PERMANENT);
        assertThat(FailureClassifier.classify(wrapped).reason()).isEqualTo("HTTP 404 from http://sms.example/send");
    }

    @Test
    void should_fail_an_address_that_needs_smtputf8_for_good_when_the_relay_lacks_it_and_say_so() {
        Throwable wrapped = new CamelExecutionException("send failed", null,
                new SmtpUtf8NotOfferedException(new Address[] {address()}));
        assertThat(FailureClassifier.classify(wrapped))
                .isEqualTo(new Failure(PERMANENT, "the relay does not offer SMTPUTF8, which the address needs", null));
    }

    @Test
    void should_find_the_relays_refusal_behind_jakarta_mails_invalid_addresses_and_give_its_words_masked() {
        SendFailedException invalidAddresses = new SendFailedException("Invalid Addresses", recipientRefused(550));

        Failure failure = FailureClassifier.classify(invalidAddresses);

        assertThat(failure.kind()).isEqualTo(PERMANENT);
        assertThat(failure.reason()).startsWith("SMTP 550 to RCPT TO: 550 5.1.1 ")
                .endsWith("User unknown")
                .doesNotContain("lin.wei@example.com");
    }

    /** Failures whose words quote an address or a number the schema lets through, and the reason they leave. */
    static Stream<Arguments> failuresQuotingAddresses() {
        return Stream.of(
                arguments(new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(address(),
                                "RCPT TO:<amy.o'neil@example.com>", 550, "550 5.1.1 <amy.o'neil@example.com>: User unknown")),
                        "SMTP 550 to RCPT TO: 550 5.1.1 <a***@example.com>: User unknown"),
                arguments(new SMTPAddressFailedException(address(), "RCPT TO:<李雷@例子.中国>", 553,
                                "553 5.6.7 <李雷@例子.中国>: SMTPUTF8 is required"),
                        "SMTP 553 to RCPT TO: 553 5.6.7 <***@例子.中国>: SMTPUTF8 is required"),
                arguments(new IllegalArgumentException("no mailbox \"><script>alert(1)</script>@evil.example"),
                        "IllegalArgumentException: no mailbox \"***@evil.example"),
                arguments(new ProviderRejectionException("sms", ProviderRejectionException.Verdict.PERMANENT,
                                "number +86 (138) 0000-0000 is not reachable"),
                        "sms: number ***00 is not reachable"),
                arguments(new IllegalStateException("gateway said: unknown subscriber 0086 138 0000 0000"),
                        "IllegalStateException: gateway said: unknown subscriber ***00"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("failuresQuotingAddresses")
    void should_give_a_reason_with_the_address_or_number_masked_whatever_quotes_it(Throwable thrown, String reason) {
        assertThat(FailureClassifier.classify(thrown).reason()).isEqualTo(reason);
    }

    @Test
    void should_mask_the_reason_of_a_failure_whoever_words_it() {
        assertThat(new Failure(PERMANENT, "refused o'neil.amy@example.com and +8613800000000", null).reason())
                .isEqualTo("refused o***@example.com and ***00");
    }

    @Test
    void should_honour_retry_after_in_seconds_on_429_and_503() {
        assertThat(FailureClassifier.classify(http(429, Map.of("Retry-After", "7"))).retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(FailureClassifier.classify(http(503, Map.of("Retry-After", "120"))).retryAfter()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void should_honour_retry_after_as_an_http_date() {
        String inAMinute = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(60));
        Duration wait = FailureClassifier.classify(http(429, Map.of("Retry-After", inAMinute))).retryAfter();
        assertThat(wait).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60));
    }

    @Test
    void should_ignore_a_retry_after_it_cannot_read_and_one_on_a_permanent_failure() {
        assertThat(FailureClassifier.classify(http(429, Map.of("Retry-After", "soon"))).retryAfter()).isNull();
        assertThat(FailureClassifier.classify(http(429)).retryAfter()).isNull();
        assertThat(FailureClassifier.classify(http(400, Map.of("Retry-After", "7"))).retryAfter()).isNull();
    }

    private static HttpOperationFailedException http(int status) {
        return http(status, Map.of());
    }

    private static HttpOperationFailedException http(int status, Map<String, String> headers) {
        return new HttpOperationFailedException("http://sms.example/send", status, "status " + status, null, headers, "");
    }

    private static SMTPAddressFailedException recipientRefused(int code) {
        return new SMTPAddressFailedException(address(), "RCPT TO:<lin.wei@example.com>", code,
                code + " 5.1.1 <lin.wei@example.com>: Recipient address rejected: User unknown");
    }

    private static SMTPSendFailedException dataRefused(int code) {
        return new SMTPSendFailedException("DATA", code, code + " 5.7.1 message refused", null, null, null, null);
    }

    private static InternetAddress address() {
        try {
            return new InternetAddress("lin.wei@example.com");
        } catch (AddressException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CallNotPermittedException circuitOpen() {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("smtp");
        breaker.transitionToOpenState();
        return CallNotPermittedException.createCallNotPermittedException(breaker);
    }
}
