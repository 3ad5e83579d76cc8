package io.ordercast.channel.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.channel.ProviderRejectionException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

/**
 * The two steps around one FCM HTTP v1 call in a route; the call itself is camel-http with
 * {@code throwExceptionOnFailure=false}, so that FCM's error body reaches {@link #check}:
 * <pre>
 * - bean: {ref: fcmCall, method: prepare}
 * - toD:  "{{ordercast.fcm.base-url}}/v1/projects/{{ordercast.fcm.project-id}}/messages:send?throwExceptionOnFailure=false"
 * - bean: {ref: fcmCall, method: check}
 * </pre>
 * Bind it as {@code new FcmCall(new FcmAccessToken(credentialsFile), objectMapper)}: one instance, since the
 * access token it holds is cached for all sends.
 * <p>
 * {@code prepare} may itself throw a {@link ProviderRejectionException} (MISCONFIGURED or TRANSIENT) when the
 * access token cannot be had; {@code check} throws the one FCM's answer means.
 */
public class FcmCall {

    /** Camel's headers that would steer camel-http elsewhere or fake an earlier answer. */
    private static final String[] HTTP_STEERING = {
        Exchange.HTTP_URI, Exchange.HTTP_PATH, Exchange.HTTP_QUERY, Exchange.HTTP_RAW_QUERY,
        Exchange.HTTP_RESPONSE_CODE, Exchange.HTTP_RESPONSE_TEXT, Exchange.HTTP_BASE_URI, Exchange.HTTP_URL
    };

    private final FcmAccessToken accessToken;
    private final FcmRequests requests;
    private final FcmResponses responses;

    public FcmCall(FcmAccessToken accessToken, ObjectMapper mapper) {
        this.accessToken = accessToken;
        this.requests = new FcmRequests(mapper);
        this.responses = new FcmResponses(mapper);
    }

    /** {@code {baseUrl}/v1/projects/{projectId}/messages:send}, a trailing slash on the base URL ignored. */
    public static String sendUrl(String baseUrl, String projectId) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/v1/projects/" + projectId + "/messages:send";
    }

    /**
     * The request for the {@link PushMessage} in exchange property {@link PushMessage#PROPERTY}: the JSON body,
     * a POST with the Bearer token. Every header the message picked up on its way (from RabbitMQ, from the
     * event) is dropped first, since camel-http sends them all; Camel's own stay (the route needs them for the
     * acknowledgement and camel-http does not send them), except those that would steer the call.
     */
    public void prepare(Exchange exchange) {
        PushMessage push = exchange.getProperty(PushMessage.PROPERTY, PushMessage.class);
        if (push == null) {
            // a wiring bug, not a provider answer: IllegalArgumentException is permanent, never retried
            throw new IllegalArgumentException("no PushMessage in exchange property " + PushMessage.PROPERTY);
        }
        // first, so that a refused token leaves the message as it was
        String authorization = accessToken.authorization();
        String body = requests.body(push);
        Message message = exchange.getMessage();
        message.getHeaders().keySet().removeIf(name -> !name.startsWith("Camel"));
        for (String name : HTTP_STEERING) {
            message.removeHeader(name);
        }
        message.setHeader("Authorization", authorization);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        // the enum, not the text: camel-http looks a String-to-enum converter up anew for every call
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        message.setBody(body);
    }

    /**
     * After the call: nothing for a 2xx, otherwise the {@link ProviderRejectionException} FCM's answer means.
     * The Authorization header goes either way, so the token travels no further down the route.
     */
    public void check(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeader("Authorization");
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null) {
            // without a status nobody knows whether FCM took the message; never report it as sent
            throw new IllegalStateException("no HTTP response code: FcmCall.check must follow the FCM call");
        }
        PushMessage push = exchange.getProperty(PushMessage.PROPERTY, PushMessage.class);
        String body = message.getBody(String.class);
        String retryAfter = message.getHeader("Retry-After", String.class);
        var rejection = responses.rejection(status, body, retryAfter, push == null ? null : push.token());
        if (rejection.isPresent()) {
            throw rejection.get();
        }
    }
}
