package io.ordercast.channel.push;

import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.ordercast.channel.ProviderRejectionException;
import io.ordercast.channel.ProviderRejectionException.Verdict;
import io.ordercast.channel.Priority;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route shape the push channel uses, prepare → camel-http → check, against WireMock playing both
 * Google's token endpoint and FCM's messages:send.
 */
class FcmCallIT {

    static final String SEND_PATH = "/v1/projects/demo/messages:send";
    static final String TOKEN = "eXaMpLe-device-token:APA91b" + "q".repeat(120) + "abc123";

    static WireMockServer google;
    @TempDir
    static Path dir;
    static CamelContext camel;
    static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        google = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        google.start();
        Path file = FcmAccessTokenTest.serviceAccountFile(dir, google.baseUrl() + "/token");
        FcmCall fcmCall = new FcmCall(new FcmAccessToken(file.toString()), new ObjectMapper());
        String url = FcmCall.sendUrl(google.baseUrl() + "/", "demo");
        camel = new DefaultCamelContext();
        // camel-http's HttpClient 5 otherwise re-sends a 429/503 once by itself, after sleeping out its
        // Retry-After in the consumer thread; the channel's redelivery policy is the one that retries
        // (camel.component.http.automatic-retries-disabled = true in the application)
        camel.getComponent("http", HttpComponent.class).setAutomaticRetriesDisabled(true);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:fcm")
                        .bean(fcmCall, "prepare")
                        .toD(url + "?throwExceptionOnFailure=false")
                        .bean(fcmCall, "check");
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        camel.stop();
        google.stop();
    }

    @BeforeEach
    void tokenEndpoint() {
        google.stubFor(post(urlEqualTo("/token")).willReturn(
                okJson("{\"access_token\":\"ya29.test\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")));
    }

    @AfterEach
    void reset() {
        google.resetAll();
    }

    @Test
    void should_build_the_send_url_from_base_url_and_project() {
        assertThat(FcmCall.sendUrl("https://fcm.googleapis.com", "my-shop"))
                .isEqualTo("https://fcm.googleapis.com/v1/projects/my-shop/messages:send");
    }

    @Test
    void should_post_the_message_with_the_bearer_token_and_nothing_it_picked_up_on_the_way() {
        google.stubFor(post(urlEqualTo(SEND_PATH)).willReturn(
                okJson("{\"name\":\"projects/demo/messages/0:1500415314455276%31bd1c9631bd1c96\"}")));

        Exchange done = send(new PushMessage("n-1", "o-1001", "SHIPPED", TOKEN, "订单已发货", "您的订单 o-1001 已发货。",
                Priority.HIGH));

        assertThat(done.getException()).isNull();
        google.verify(1, postRequestedFor(urlEqualTo(SEND_PATH))
                .withHeader("Authorization", equalTo("Bearer ya29.test"))
                .withHeader("Content-Type", equalTo("application/json; charset=UTF-8"))
                .withHeader("x-ordercast-notification", absent())
                .withHeader("traceparent", absent())
                .withRequestBody(equalToJson("""
                        {"message":{"token":"%s",
                          "notification":{"title":"订单已发货","body":"您的订单 o-1001 已发货。"},
                          "data":{"orderId":"o-1001","state":"SHIPPED","notificationId":"n-1"},
                          "android":{"priority":"HIGH"}}}
                        """.formatted(TOKEN))));
        // the token stays behind: nothing after the call sees it
        assertThat(done.getMessage().getHeader("Authorization")).isNull();
        // one token for both sends
        send(new PushMessage("n-2", "o-1001", "SHIPPED", TOKEN, "t", "b", Priority.NORMAL));
        google.verify(1, postRequestedFor(urlEqualTo("/token")));
    }

    @Test
    void should_forget_the_device_when_fcm_says_unregistered() {
        google.stubFor(post(urlEqualTo(SEND_PATH)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json; charset=UTF-8")
                .withBody(FcmResponsesTest.fcmError(404, "NOT_FOUND", "Requested entity was not found.",
                        "UNREGISTERED"))));

        ProviderRejectionException rejection = rejectionOf(send(message()));

        assertThat(rejection.verdict()).isEqualTo(Verdict.DEVICE_GONE);
        assertThat(rejection.getMessage()).isEqualTo("fcm: FCM 404 UNREGISTERED: Requested entity was not found.");
    }

    @Test
    void should_retry_after_the_wait_fcm_asks_for() {
        google.stubFor(post(urlEqualTo(SEND_PATH)).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "7")
                .withHeader("Content-Type", "application/json; charset=UTF-8")
                .withBody(FcmResponsesTest.fcmError(503, "UNAVAILABLE", "The service is currently unavailable.",
                        "UNAVAILABLE"))));

        ProviderRejectionException rejection = rejectionOf(send(message()));

        assertThat(rejection.verdict()).isEqualTo(Verdict.TRANSIENT);
        assertThat(rejection.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        google.verify(1, postRequestedFor(urlEqualTo(SEND_PATH)));
    }

    @Test
    void should_be_misconfigured_when_the_apns_credentials_in_firebase_are_refused() {
        google.stubFor(post(urlEqualTo(SEND_PATH)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json; charset=UTF-8")
                .withBody(FcmResponsesTest.fcmError(401, "UNAUTHENTICATED", "Auth error from APNS or Web Push Service",
                        "THIRD_PARTY_AUTH_ERROR"))));

        ProviderRejectionException rejection = rejectionOf(send(message()));

        assertThat(rejection.verdict()).isEqualTo(Verdict.MISCONFIGURED);
        assertThat(rejection.getMessage()).contains("THIRD_PARTY_AUTH_ERROR").doesNotContain(TOKEN)
                .doesNotContain("ya29");
    }

    @Test
    void should_not_call_fcm_when_there_is_no_access_token() {
        google.resetAll();
        google.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}")));
        // a fresh bean, so that no cached token hides the refusal
        FcmCall fresh = new FcmCall(new FcmAccessToken(
                FcmAccessTokenTest.serviceAccountFile(dir, google.baseUrl() + "/token").toString()), new ObjectMapper());
        Exchange exchange = camel.getEndpoint("direct:fcm").createExchange();
        exchange.setProperty(PushMessage.PROPERTY, message());

        ProviderRejectionException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                ProviderRejectionException.class, () -> fresh.prepare(exchange));

        assertThat(refused.verdict()).isEqualTo(Verdict.MISCONFIGURED);
        google.verify(0, postRequestedFor(urlEqualTo(SEND_PATH)));
    }

    private static PushMessage message() {
        return new PushMessage("n-9", "o-9009", "PAID", TOKEN, "Paid", "Thanks", Priority.NORMAL);
    }

    private static Exchange send(PushMessage push) {
        return template.send("direct:fcm", exchange -> {
            exchange.setProperty(PushMessage.PROPERTY, push);
            // what a message brings from RabbitMQ and the event: none of it may reach FCM
            exchange.getMessage().setHeader("x-ordercast-notification", "n-0");
            exchange.getMessage().setHeader("traceparent", "00-abc-def-01");
            exchange.getMessage().setHeader("Authorization", "Bearer caller-token");
            exchange.getMessage().setHeader(Exchange.HTTP_URI, "http://127.0.0.1:1/elsewhere");
            exchange.getMessage().setBody("{\"orderId\":\"o-1001\"}");
        });
    }

    private static ProviderRejectionException rejectionOf(Exchange done) {
        assertThat(done.getException()).isInstanceOf(ProviderRejectionException.class);
        return (ProviderRejectionException) done.getException();
    }
}
