package io.ordercast;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ordercast.support.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An instance that cannot bind its HTTP port would consume events with no API, health or metrics,
 * invisible to probes: it must refuse to start, and the process must exit with a failure code.
 */
class HttpPortInUseIT {

    @TempDir
    Path workDir;

    @Test
    void should_refuse_to_start_when_the_http_port_is_taken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> RunningService.start(Map.of("ordercast.http.port", String.valueOf(port))).close())
                    .hasStackTraceContaining("port " + port)
                    .hasStackTraceContaining("ordercast.http.port");
        }
    }

    @Test
    void should_exit_non_zero_when_the_http_port_is_taken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            int port = taken.getLocalPort();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path log = workDir.resolve("service.log");
            Process process = new ProcessBuilder(List.of(java, "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"),
                    "-Dordercast.http.port=" + port,
                    "-Dordercast.api.token=" + RunningService.API_TOKEN,
                    "-Dordercast.db.url=jdbc:h2:file:" + workDir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                    // its own embedded broker: a process that started by mistake must not consume the tests' events
                    "-Dordercast.rabbitmq.url=embedded",
                    "-Dordercast.outbox.channels=none",
                    OrdercastApplication.class.getName()))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the process ended by itself").isTrue();
                assertThat(process.exitValue()).isNotZero();
                assertThat(Files.readString(log)).contains("port " + port);
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
