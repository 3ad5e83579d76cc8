package io.ordercast.http;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import io.ordercast.support.FailedStart;
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
    void should_exit_1_with_one_line_naming_the_port_when_it_is_taken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            int port = taken.getLocalPort();

            FailedStart start = FailedStart.run(workDir, "-Dordercast.http.port=" + port, "-Dordercast.outbox.channels=none");

            assertThat(start.exitCode()).isEqualTo(1);
            assertThat(start.theOneErrorLine()).contains("ordercast did not start: the HTTP server could not listen on port "
                    + port + " (ordercast.http.port)");
        }
    }
}
