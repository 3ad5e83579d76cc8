package io.ordercast.channel.push;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.ordercast.channel.ProviderRejectionException;
import io.ordercast.channel.ProviderRejectionException.Verdict;
import io.ordercast.support.ServiceAccountFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The FCM access token from a service-account file, against a token endpoint played by WireMock (the file's
 * token_uri): cached, refreshed before it runs out, and every failure turned into a verdict without the
 * token or the key in its message.
 */
class FcmAccessTokenTest {

    static final String TOKEN_PATH = "/token";

    static WireMockServer tokenEndpoint;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        tokenEndpoint = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        tokenEndpoint.start();
    }

    @AfterAll
    static void stop() {
        tokenEndpoint.stop();
    }

    @BeforeEach
    void reset() {
        tokenEndpoint.resetAll();
    }

    @Test
    void should_send_a_bearer_token_minted_with_the_service_account_and_the_messaging_scope() {
        answerToken("ya29.test", 3600);

        String authorization = new FcmAccessToken(serviceAccountFile().toString()).authorization();

        assertThat(authorization).isEqualTo("Bearer ya29.test");
        // the JWT-bearer grant; the scope is inside the signed assertion
        tokenEndpoint.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH))
                .withRequestBody(containing("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"))
                .withRequestBody(containing("assertion=")));
        String assertion = tokenEndpoint.getAllServeEvents().get(0).getRequest().getBodyAsString()
                .replaceAll(".*assertion=([^&]+).*", "$1");
        String claims = new String(Base64.getUrlDecoder().decode(assertion.split("\\.")[1]));
        assertThat(claims).contains("\"scope\":\"" + FcmAccessToken.SCOPE + "\"")
                .contains("\"iss\":\"ordercast-push@demo.iam.gserviceaccount.com\"");
    }

    @Test
    void should_reuse_a_token_with_an_hour_left() {
        answerToken("ya29.test", 3600);
        FcmAccessToken token = new FcmAccessToken(serviceAccountFile().toString());

        token.authorization();
        String again = token.authorization();

        assertThat(again).isEqualTo("Bearer ya29.test");
        tokenEndpoint.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    }

    @Test
    void should_refresh_a_token_that_is_still_valid_but_within_three_minutes_of_its_expiry() {
        // 60 s left: valid, but inside the library's 3-minute expiration margin
        answerTokens("ya29.first", 60, "ya29.second", 3600);
        FcmAccessToken token = new FcmAccessToken(serviceAccountFile().toString());

        assertThat(token.authorization()).isEqualTo("Bearer ya29.first");
        assertThat(token.authorization()).isEqualTo("Bearer ya29.second");
        tokenEndpoint.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    }

    @Test
    void should_refresh_in_the_calling_thread_within_the_refresh_margin_of_three_minutes_45() {
        // 200 s left: outside the expiration margin (180 s), inside the refresh margin (225 s)
        answerTokens("ya29.first", 200, "ya29.second", 3600);
        FcmAccessToken token = new FcmAccessToken(serviceAccountFile().toString());

        token.authorization();
        assertThat(token.authorization()).isEqualTo("Bearer ya29.second");
    }

    @Test
    void should_keep_the_valid_token_when_an_early_refresh_fails() {
        tokenEndpoint.stubFor(post(urlEqualTo(TOKEN_PATH)).inScenario("early").whenScenarioStateIs(STARTED)
                .willReturn(tokenJson("ya29.first", 200)).willSetStateTo("down"));
        tokenEndpoint.stubFor(post(urlEqualTo(TOKEN_PATH)).inScenario("early").whenScenarioStateIs("down")
                .willReturn(aResponse().withStatus(503)));
        FcmAccessToken token = new FcmAccessToken(serviceAccountFile().toString());

        token.authorization();
        assertThat(token.authorization()).isEqualTo("Bearer ya29.first");
        tokenEndpoint.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    }

    @Test
    void should_be_misconfigured_when_the_token_endpoint_refuses_the_key() {
        tokenEndpoint.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"The OAuth client was not found.\"}")));
        Path file = serviceAccountFile();

        ProviderRejectionException refused = catchThrowableOfType(ProviderRejectionException.class,
                () -> new FcmAccessToken(file.toString()).authorization());

        assertThat(refused.verdict()).isEqualTo(Verdict.MISCONFIGURED);
        assertThat(refused.provider()).isEqualTo("fcm");
        // the JDK's HttpURLConnection under google-http-client does not read a 401's body: the status is all
        assertThat(refused.getMessage()).isEqualTo("fcm: access token refused by the token endpoint: HTTP 401");
        assertNothingSecretIn(refused);
        // one attempt: retrying is the route's business
        tokenEndpoint.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    }

    @Test
    void should_be_misconfigured_when_the_grant_is_invalid() {
        tokenEndpoint.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}")));

        ProviderRejectionException refused = catchThrowableOfType(ProviderRejectionException.class,
                () -> new FcmAccessToken(serviceAccountFile().toString()).authorization());

        assertThat(refused.verdict()).isEqualTo(Verdict.MISCONFIGURED);
        assertThat(refused.getMessage()).contains("HTTP 400 invalid_grant (Invalid JWT Signature.)");
        assertNothingSecretIn(refused);
    }

    @Test
    void should_be_transient_when_the_token_endpoint_fails_and_honour_its_retry_after() {
        tokenEndpoint.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "30").withBody("<html>unavailable</html>")));

        ProviderRejectionException failed = catchThrowableOfType(ProviderRejectionException.class,
                () -> new FcmAccessToken(serviceAccountFile().toString()).authorization());

        assertThat(failed.verdict()).isEqualTo(Verdict.TRANSIENT);
        assertThat(failed.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(failed.getMessage()).isEqualTo("fcm: token endpoint failed: HTTP 503");
        tokenEndpoint.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    }

    @Test
    void should_be_transient_when_the_token_endpoint_is_unreachable() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path file = serviceAccountFile("http://127.0.0.1:" + closedPort + TOKEN_PATH);

        ProviderRejectionException failed = catchThrowableOfType(ProviderRejectionException.class,
                () -> new FcmAccessToken(file.toString()).authorization());

        assertThat(failed.verdict()).isEqualTo(Verdict.TRANSIENT);
        assertThat(failed.getMessage()).startsWith("fcm: token endpoint unreachable: ConnectException");
        assertNothingSecretIn(failed);
    }

    @Test
    void should_be_misconfigured_naming_the_setting_when_the_file_is_missing() {
        Path missing = dir.resolve("nowhere.json");

        ProviderRejectionException failed = catchThrowableOfType(ProviderRejectionException.class,
                () -> new FcmAccessToken(missing.toString()).authorization());

        assertThat(failed.verdict()).isEqualTo(Verdict.MISCONFIGURED);
        assertThat(failed.getMessage()).contains("ordercast.fcm.credentials-file").contains(missing.toString());
    }

    @Test
    void should_be_misconfigured_naming_the_setting_when_it_is_unset() {
        ProviderRejectionException failed = catchThrowableOfType(ProviderRejectionException.class,
                () -> new FcmAccessToken(" ").authorization());

        assertThat(failed.verdict()).isEqualTo(Verdict.MISCONFIGURED);
        assertThat(failed.getMessage()).isEqualTo("fcm: ordercast.fcm.credentials-file is not set");
    }

    @Test
    void should_be_misconfigured_without_quoting_a_file_that_is_not_a_service_account() throws Exception {
        Path broken = dir.resolve("broken.json");
        // a truncated file: the private key is cut off mid-string
        String whole = Files.readString(serviceAccountFile());
        Files.writeString(broken, whole.substring(0, whole.indexOf("MII") + 40));

        ProviderRejectionException failed = catchThrowableOfType(ProviderRejectionException.class,
                () -> new FcmAccessToken(broken.toString()).authorization());

        assertThat(failed.verdict()).isEqualTo(Verdict.MISCONFIGURED);
        assertThat(failed.getMessage()).contains("ordercast.fcm.credentials-file").contains("not a readable");
        assertNothingSecretIn(failed);
        tokenEndpoint.verify(0, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    }

    @Test
    void should_load_the_file_once_it_is_fixed_without_a_restart() throws Exception {
        answerToken("ya29.test", 3600);
        Path later = dir.resolve("later.json");
        FcmAccessToken token = new FcmAccessToken(later.toString());
        catchThrowableOfType(ProviderRejectionException.class, token::authorization);

        Files.copy(serviceAccountFile(), later);

        assertThat(token.authorization()).isEqualTo("Bearer ya29.test");
    }

    private static void assertNothingSecretIn(Throwable failure) {
        String privateKey = Base64.getEncoder().encodeToString(ServiceAccountFiles.privateKey().getEncoded());
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage()))
                    .doesNotContain("ya29")
                    .doesNotContain(privateKey.substring(0, 20))
                    .doesNotContain("PRIVATE KEY");
        }
    }

    private void answerToken(String token, int expiresIn) {
        tokenEndpoint.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(tokenJson(token, expiresIn)));
    }

    private void answerTokens(String first, int firstExpiresIn, String second, int secondExpiresIn) {
        tokenEndpoint.stubFor(post(urlEqualTo(TOKEN_PATH)).inScenario("tokens").whenScenarioStateIs(STARTED)
                .willReturn(tokenJson(first, firstExpiresIn)).willSetStateTo("second"));
        tokenEndpoint.stubFor(post(urlEqualTo(TOKEN_PATH)).inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(tokenJson(second, secondExpiresIn)));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder tokenJson(String token, int expiresIn) {
        return okJson("{\"access_token\":\"" + token + "\",\"expires_in\":" + expiresIn + ",\"token_type\":\"Bearer\"}");
    }

    private Path serviceAccountFile() {
        return serviceAccountFile(tokenEndpoint.baseUrl() + TOKEN_PATH);
    }

    private Path serviceAccountFile(String tokenUri) {
        return serviceAccountFile(dir, tokenUri);
    }

    static Path serviceAccountFile(Path dir, String tokenUri) {
        return ServiceAccountFiles.write(dir, tokenUri);
    }
}
