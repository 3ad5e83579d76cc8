package io.ordercast.observe;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.support.RunningService;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a container platform's probes see while the database is gone: liveness stays UP (restarting the
 * process would not bring the database back), readiness says DOWN, and both answer within a probe's 1 s.
 */
class HealthProbesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dbDir;

    @Test
    void should_stay_live_and_turn_unready_within_a_second_while_the_database_is_down() throws Exception {
        int port = freePort();
        Server h2 = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dbDir.toString(), "-ifNotExists").start();
        String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/probes;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE";
        // the pool's own wait for a connection stays at its default (5 s): the probe must not wait for it
        try (RunningService service = RunningService.start(Map.of("ordercast.db.url", url, "ordercast.db.username", "sa"))) {
            assertThat(service.get("/observe/health/ready", null).statusCode()).isEqualTo(200);

            h2.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> service.get("/observe/health/ready", null).statusCode() == 503);

            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                HttpResponse<String> live = service.get("/observe/health/live", null);
                long liveMillis = (System.nanoTime() - start) / 1_000_000;
                start = System.nanoTime();
                HttpResponse<String> ready = service.get("/observe/health/ready", null);
                long readyMillis = (System.nanoTime() - start) / 1_000_000;

                assertThat(live.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(live.body()).get("status").asText()).isEqualTo("UP");
                assertThat(liveMillis).as("liveness answer time").isLessThan(1000);
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(JSON.readTree(ready.body()).get("status").asText()).isEqualTo("DOWN");
                assertThat(readyMillis).as("readiness answer time").isLessThan(1200);
            }

            HttpResponse<String> details = service.get("/api/health", RunningService.API_TOKEN);
            assertThat(details.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(details.body()).get("checks")).anySatisfy(check -> {
                assertThat(check.get("name").asText()).isEqualTo("database");
                assertThat(check.get("status").asText()).isEqualTo("DOWN");
                assertThat(check.get("message").asText()).startsWith("database unreachable").doesNotContain("127.0.0.1")
                        .doesNotContain(String.valueOf(port));
            });
            HttpResponse<String> head = service.head("/observe/health/ready");
            assertThat(head.statusCode()).isEqualTo(503);

            h2 = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dbDir.toString(), "-ifNotExists").start();
            await().atMost(Duration.ofSeconds(30)).until(() -> service.get("/observe/health/ready", null).statusCode() == 200);
        } finally {
            h2.stop();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
