package io.ordercast;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ordercast.amqp.EmbeddedAmqpBroker;
import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.support.Events;
import io.ordercast.support.RunningService;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database and the broker go away and come back: events wait unacknowledged in the broker
 * meanwhile, health says DOWN then UP, and nothing is lost or parked. Both outages are made on
 * servers this test owns (H2 in server mode, an embedded broker), so they run on any machine.
 */
class InfrastructureOutageIT {

    @TempDir
    Path dbDir;

    @Test
    void should_hold_events_unacknowledged_while_the_database_is_down_and_catch_up_after() throws Exception {
        int port = freePort();
        Server h2 = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dbDir.toString(), "-ifNotExists").start();
        String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/outage;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
        try (RunningService service = RunningService.start(Map.of("ordercast.db.url", url, "ordercast.db.username", "sa",
                "ordercast.ingest.consumers", "1", "ordercast.ingest.prefetch", "2", "ordercast.ingest.batch-size", "2",
                "ordercast.ingest.db-retry.initial-delay", "PT0.2S", "ordercast.ingest.db-retry.maximum-delay", "PT1S",
                "ordercast.db.connect-timeout", "PT1S"))) {
            String before = Events.newOrderId();
            service.publish(event(before, "CREATED").sequence(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> service.order(before) != null);

            h2.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> service.get("/observe/health", null).statusCode() == 503);
            List<String> during = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String orderId = Events.newOrderId();
                during.add(orderId);
                service.publish(event(orderId, "CREATED").sequence(1));
            }
            // at most one batch (2 events) is with the consumer, retrying; the rest wait in the queue
            await().atMost(Duration.ofSeconds(10)).until(() -> service.messagesIn(OrdercastTopology.EVENTS_QUEUE) >= 8);
            Thread.sleep(3000); // an outage that lasts: nothing may give up and park the events meanwhile
            assertThat(service.messagesIn(OrdercastTopology.EVENTS_QUEUE)).isGreaterThanOrEqualTo(8);
            assertThat(service.messagesIn(OrdercastTopology.INVALID_QUEUE)).isZero();

            h2 = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dbDir.toString(), "-ifNotExists").start();

            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> during.stream().allMatch(id -> service.order(id) != null));
            for (String orderId : during) {
                assertThat(service.timeline(orderId)).singleElement()
                        .satisfies(e -> assertThat(e.get("outcome")).isEqualTo("APPLIED"));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> service.get("/observe/health", null).statusCode() == 200);
            assertThat(service.messagesIn(OrdercastTopology.INVALID_QUEUE)).isZero();
        } finally {
            h2.stop();
        }
    }

    @Test
    void should_reconnect_by_itself_after_the_broker_restarts() throws Exception {
        int port = freePort();
        EmbeddedAmqpBroker broker = EmbeddedAmqpBroker.start(port);
        try (RunningService service = RunningService.start(Map.of("ordercast.rabbitmq.url", broker.url()))) {
            String before = Events.newOrderId();
            service.publish(event(before, "CREATED").sequence(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> service.order(before) != null);

            broker.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> service.get("/observe/health", null).statusCode() == 503);
            broker = EmbeddedAmqpBroker.start(port);

            await().atMost(Duration.ofSeconds(60)).until(() -> service.get("/observe/health", null).statusCode() == 200);
            String after = Events.newOrderId();
            // the topology was declared again on the new broker, or this publish would go nowhere; published again
            // while not tracked (a later copy is STALE)
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (service.order(after) == null) {
                    service.publish(event(after, "CREATED").sequence(1));
                    return false;
                }
                return true;
            });
            assertThat(service.order(after)).containsEntry("state", "CREATED");
        } finally {
            broker.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
