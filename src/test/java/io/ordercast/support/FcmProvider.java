package io.ordercast.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * FCM HTTP v1 in a WireMock: Google's token endpoint (the service account's {@code token_uri} points here) and
 * {@code /v1/projects/demo-shop/messages:send}. The service-account file points its token_uri here.
 */
public final class FcmProvider implements AutoCloseable {

    public static final String PROJECT = "demo-shop";
    public static final String SEND_PATH = "/v1/projects/" + PROJECT + "/messages:send";
    public static final String ACCESS_TOKEN = "ya29.test-access-token";

    public final WireMockServer http;
    public final Path credentialsFile;

    public FcmProvider(Path folder) throws IOException {
        http = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        http.start();
        http.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")));
        accept();
        credentialsFile = ServiceAccountFiles.write(folder, "http://127.0.0.1:" + http.port() + "/token");
    }

    /** Every message is accepted (200 with its name). */
    public void accept() {
        http.stubFor(post(urlPathEqualTo(SEND_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"name\":\"projects/" + PROJECT + "/messages/0:1500415314455276%31bd1c9631bd1c96\"}")));
    }

    /** FCM's error answer with the HTTP status, the google.rpc status and the FcmError code. */
    public static String error(int status, String rpcStatus, String errorCode, String message) {
        return "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"status\":\"" + rpcStatus + "\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\""
                + errorCode + "\"}]}}";
    }

    public Map<String, String> serviceProperties() {
        return Map.of("ordercast.fcm.base-url", "http://127.0.0.1:" + http.port(),
                "ordercast.fcm.project-id", PROJECT,
                "ordercast.fcm.credentials-file", credentialsFile.toString());
    }

    @Override
    public void close() {
        http.stop();
    }
}
