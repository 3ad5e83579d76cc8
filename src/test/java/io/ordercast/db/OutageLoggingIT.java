package io.ordercast.db;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ordercast.support.Events;
import io.ordercast.support.LogCapture;
import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.apache.logging.log4j.Level;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database outage is told once, reminded of now and then, and its end told once: not a line per
 * retry, sweep, relay pass or claim, and no stack traces.
 */
class OutageLoggingIT {

    @TempDir
    Path dbDir;

    private final Providers providers = new Providers();

    @AfterEach
    void stopProviders() {
        providers.close();
    }

    @Test
    void should_log_a_database_outage_once_with_reminders_and_its_recovery() throws Exception {
        int port = freePort();
        Server h2 = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dbDir.toString(), "-ifNotExists").start();
        String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/outage;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
        Map<String, String> properties = new HashMap<>(providers.serviceProperties());
        properties.putAll(Map.of("ordercast.db.url", url, "ordercast.db.username", "sa",
                "ordercast.ingest.db-retry.initial-delay", "PT0.2S", "ordercast.ingest.db-retry.maximum-delay", "PT1S",
                "ordercast.notify.provider-down-wait", "PT1S",
                "ordercast.db.connect-timeout", "PT1S",
                "ordercast.db.outage-reminder-interval", "PT4S"));
        try (RunningService service = RunningService.start(properties)) {
            String before = Events.newOrderId();
            service.publish(event(before, "CREATED").sequence(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> service.order(before) != null);

            List<LogCapture.Line> lines;
            List<String> during = new ArrayList<>();
            try (LogCapture log = LogCapture.begin()) {
                h2.stop();
                // a channel message the outbox published just before: its claim needs the database
                service.publishRaw("{\"notificationId\":\"n-outage-1\"}".getBytes(StandardCharsets.UTF_8),
                        "ordercast.notify.email", "");
                for (int i = 0; i < 3; i++) {
                    String orderId = Events.newOrderId();
                    during.add(orderId);
                    service.publish(event(orderId, "CREATED").sequence(1));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> service.get("/observe/health", null).statusCode() == 503);
                // the outage lasts until the log has reminded of it
                await().atMost(Duration.ofSeconds(15)).until(() -> log.lines().stream()
                        .anyMatch(l -> l.message().startsWith("database still unavailable")));
                h2 = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dbDir.toString(), "-ifNotExists").start();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> during.stream().allMatch(id -> service.order(id) != null));
                await().atMost(Duration.ofSeconds(30)).until(() -> service.get("/observe/health", null).statusCode() == 200);
                lines = log.lines();
            }
            lines.forEach(System.out::println);

            assertThat(lines).noneMatch(LogCapture.Line::stackTrace);
            assertThat(lines).filteredOn(l -> l.message().startsWith("database unavailable"))
                    .singleElement().satisfies(l -> assertThat(l.level()).isEqualTo(Level.WARN));
            assertThat(lines).filteredOn(l -> l.message().startsWith("database still unavailable")).hasSizeBetween(1, 4)
                    .allSatisfy(l -> assertThat(l.level()).isEqualTo(Level.WARN));
            assertThat(lines).filteredOn(l -> l.message().startsWith("database available again"))
                    .singleElement().satisfies(l -> assertThat(l.level()).isEqualTo(Level.INFO));
            assertThat(lines).hasSizeLessThan(20);
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
