package io.ordercast;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ordercast.support.RunningService;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP server's limits: request bodies are small, and a connection left idle is closed. */
class HttpLimitsIntegrationTest {

    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(Map.of("ordercast.http.idle-timeout", "PT1S"));
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
}
