package io.ordercast.http;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.support.LogCapture;
import io.ordercast.support.RawHttp;
import io.ordercast.support.RunningService;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP server's limits: request bodies are small, request lines and headers bounded, and a connection
 * left idle is closed. Each refusal is the API's JSON error; a refused body is one WARN line, not an ERROR.
 */
class HttpLimitsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(Map.of("ordercast.http.idle-timeout", "PT1S",
                "ordercast.http.request-timeout", "PT2S"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void should_refuse_a_1_mib_body_with_413_before_any_route_sees_it() throws Exception {
        NotifyBuilder preferences = new NotifyBuilder(service.context()).fromRoute("api-put-preferences").whenDone(1).create();
        String body = "{\"optOut\":[\"sms\"],\"padding\":\"" + "x".repeat(1024 * 1024) + "\"}";

        HttpResponse<String> response = service.put("/api/recipients/u-big/preferences", body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("request body too large: the limit is 65536 bytes");
        assertThat(preferences.matches(1, TimeUnit.SECONDS)).isFalse();
        assertThat(service.put("/api/recipients/u-big/preferences", "{\"optOut\":[\"sms\"]}").statusCode()).isEqualTo(204);
    }

    @Test
    void should_refuse_a_large_chunked_body_too() throws Exception {
        byte[] chunk = "x".repeat(1024 * 1024).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(service.uri("/api/recipients/u-big/preferences"))
                .header("Authorization", "Bearer " + RunningService.API_TOKEN)
                .header("Content-Type", "application/json")
                // no length known in advance: sent chunked
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(chunk))).build();

        assertThat(service.send(request).statusCode()).isEqualTo(413);
    }

    @Test
    void should_log_each_refused_body_as_one_warn_with_its_size_and_the_limit_also_when_the_client_hangs_up() throws Exception {
        String body = "{\"optOut\":[\"sms\"],\"padding\":\"" + "x".repeat(100_000) + "\"}";
        try (LogCapture log = LogCapture.begin()) {
            assertThat(service.put("/api/recipients/u-big/preferences", body).statusCode()).isEqualTo(413);
            // sent chunked, and the client hangs up once refused: still no ERROR
            String chunk = "x".repeat(70_000);
            assertThat(sendAndHangUp("PUT /api/recipients/u-big/preferences HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + RunningService.API_TOKEN + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")).startsWith("HTTP/1.1 413");

            List<LogCapture.Line> lines = warningsAndErrors(log, 2);
            assertThat(lines).hasSize(2).allSatisfy(line -> {
                assertThat(line.level()).isEqualTo(Level.WARN);
                assertThat(line.message()).contains("the limit is 65536 bytes", "camel.server.max-body-size",
                        "PUT /api/recipients/…").doesNotContain("u-big");
                assertThat(line.stackTrace()).isFalse();
            });
            assertThat(lines.get(0).message()).contains(body.length() + " bytes");
            assertThat(lines.get(1).message()).contains("chunked");
        }
    }

    @Test
    void should_answer_401_not_413_to_a_large_body_without_the_token_and_log_nothing() throws Exception {
        NotifyBuilder preferences = new NotifyBuilder(service.context()).fromRoute("api-put-preferences").whenDone(1).create();
        try (LogCapture log = LogCapture.begin()) {
            HttpResponse<String> response = service.send(HttpRequest.newBuilder(service.uri("/api/recipients/u-big/preferences"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("x".repeat(1024 * 1024))).build());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(response.body()).get("error").asText()).startsWith("missing bearer token");
            assertThat(log.lines()).filteredOn(l -> l.level().isMoreSpecificThan(Level.WARN)).isEmpty();
        }
        assertThat(preferences.matches(1, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void should_answer_a_request_line_over_4096_bytes_with_a_json_414() throws Exception {
        RawHttp.Answer answer = raw("GET /api/orders/" + "A".repeat(5000) + " HTTP/1.1\r\n");

        assertThat(answer.status()).isEqualTo(414);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        assertThat(JSON.readTree(answer.body()).get("error").asText()).isEqualTo("request line longer than 4096 bytes");
    }

    @Test
    void should_answer_headers_over_8_kib_with_a_json_431() throws Exception {
        RawHttp.Answer answer = raw("GET /api/orders/SO-1 HTTP/1.1\r\nX-Padding: " + "p".repeat(9000) + "\r\n");

        assertThat(answer.status()).isEqualTo(431);
        assertThat(JSON.readTree(answer.body()).get("error").asText()).isEqualTo("request headers larger than 8192 bytes");
    }

    @Test
    void should_answer_what_is_not_http_with_a_json_400() throws Exception {
        RawHttp.Answer answer = raw("HELLO\r\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        assertThat(JSON.readTree(answer.body()).get("error").asText()).isEqualTo("malformed HTTP request");
    }

    @Test
    void should_answer_a_request_not_complete_within_the_request_timeout_with_a_json_503_and_one_warn() throws Exception {
        try (LogCapture log = LogCapture.begin()) {
            // ten bytes announced, two sent: the body never completes; the client hangs up once answered
            String head = sendAndHangUp("PUT /api/recipients/u-slow/preferences HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + RunningService.API_TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{}");

            assertThat(head).startsWith("HTTP/1.1 503").containsIgnoringCase("content-type: application/json");
            assertThat(warningsAndErrors(log, 1)).singleElement().satisfies(line -> {
                assertThat(line.level()).isEqualTo(Level.WARN);
                assertThat(line.message()).contains("ordercast.http.request-timeout", "PUT /api/recipients/…")
                        .doesNotContain("u-slow");
            });
        }
    }

    @Test
    void should_close_a_keep_alive_connection_left_idle_past_the_idle_timeout() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(service.property("ordercast.http.port")))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /observe/health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readResponse(in);
            assertThat(head).startsWith("HTTP/1.1 200");
            long answered = System.nanoTime();

            // the server closes the connection: read() sees the end of the stream, not our 10 s timeout
            while (in.read() != -1) {
                // nothing more is expected on an idle connection
            }
            long idleMillis = (System.nanoTime() - answered) / 1_000_000;

            assertThat(idleMillis).isBetween(800L, 4000L);
        }
    }

    /** Reads one response with a Content-Length body. */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("connection closed before the response").isNotEqualTo(-1);
            head.append((char) b);
        }
        int length = head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElse(0);
        in.readNBytes(length);
        return head.toString();
    }

    private static RawHttp.Answer raw(String head) throws Exception {
        return RawHttp.send(Integer.parseInt(service.property("ordercast.http.port")),
                head + "Host: localhost\r\nAuthorization: Bearer " + RunningService.API_TOKEN + "\r\n", "");
    }

    /** Writes a request, reads the head of its answer and closes the connection, whatever is left unsent. */
    private static String sendAndHangUp(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(service.property("ordercast.http.port")))) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return readResponse(socket.getInputStream());
        }
    }

    /**
     * The WARN and ERROR lines once there are {@code expected} of them and no other has come for half a second:
     * a client hanging up is seen after its answer, and whatever that logs comes within moments.
     */
    private static List<LogCapture.Line> warningsAndErrors(LogCapture log, int expected) throws Exception {
        Callable<List<LogCapture.Line>> lines = () -> log.lines().stream()
                .filter(l -> l.level().isMoreSpecificThan(Level.WARN)).toList();
        await().atMost(Duration.ofSeconds(5)).until(lines, found -> found.size() >= expected);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(lines, found -> found.size() == expected);
        return lines.call();
    }
}
