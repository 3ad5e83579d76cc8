package io.ordercast;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ordercast.support.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ctrl+C or SIGTERM on the service on its embedded defaults (the README's first command): it stops in order,
 * consumers before the in-process broker, and says nothing alarming on the way out.
 */
class GracefulStopIT {

    @TempDir
    Path workDir;

    @Test
    void should_stop_on_sigterm_without_an_error_line_on_its_embedded_defaults() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = workDir.resolve("service.log");
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "-Dordercast.http.port=" + port,
                "-Dordercast.api.token=" + RunningService.API_TOKEN,
                OrdercastApplication.class.getName()))
                .directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health")).build();
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

            process.destroy(); // SIGTERM

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within the shutdown timeout").isTrue();
            String output = Files.readString(log);
            assertThat(output).contains("shutdown");
            assertThat(output.lines().filter(line -> line.contains(" ERROR ") || line.startsWith("\tat ")))
                    .as("ERROR lines or stack traces while stopping").isEmpty();
        } finally {
            process.destroyForcibly();
        }
    }
}
