package io.ordercast.dispatch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.ordercast.support.Providers;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.ordercast.support.Events.event;
import static io.ordercast.support.Events.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A notification whose sender was killed mid-send (its claim left behind) goes out within seconds of its instance
 * falling silent; one whose sender is alive is never taken from it. The killed sender is staged in the database: a claim by an instance id that
 * has stopped beating, or by one that keeps beating.
 */
class ClaimTakeoverIT {

    private Providers providers;
    private RunningService service;

    @BeforeEach
    void start() {
        providers = new Providers();
        Map<String, String> properties = providers.serviceProperties();
        properties.put("ordercast.outbox.channels", "email");
        // the defaults (PT2S, PT6S) scaled down, so that "still beating" is proven over several timeouts in seconds
        properties.put("ordercast.instance.heartbeat-interval", "PT0.5S");
        properties.put("ordercast.instance.timeout", "PT2S");
        service = RunningService.start(properties);
    }

    @AfterEach
    void stop() {
        service.close();
        providers.close();
    }

    @Test
    void should_send_a_notification_claimed_by_a_killed_instance_within_seconds() throws Exception {
        String notificationId = createdMailClaimedBy("killed-instance");

        service.context().getRouteController().startRoute("notify-email");

        await().atMost(Duration.ofSeconds(15)).until(() -> status(notificationId).equals("SENT"));
        assertThat(providers.allMail()).hasSize(1);
    }

    @Test
    void should_never_take_a_claim_from_an_instance_that_is_still_beating() throws Exception {
        ScheduledExecutorService otherInstance = Executors.newSingleThreadScheduledExecutor();
        try {
            otherInstance.scheduleWithFixedDelay(() -> beat("live-instance"), 0, 500, TimeUnit.MILLISECONDS);
            String notificationId = createdMailClaimedBy("live-instance");

            service.context().getRouteController().startRoute("notify-email");
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7))
                    .until(() -> status(notificationId).equals("PENDING") && providers.allMail().isEmpty());

            otherInstance.shutdownNow();
            await().atMost(Duration.ofSeconds(15)).until(() -> status(notificationId).equals("SENT"));
            assertThat(providers.allMail()).hasSize(1);
        } finally {
            otherInstance.shutdownNow();
        }
    }

    /**
     * An order's "created" mail, planned and claimed by {@code instance} while no dispatcher of this one was
     * running: what a sender killed mid-send leaves behind.
     */
    private String createdMailClaimedBy(String instance) throws Exception {
        service.context().getRouteController().stopRoute("notify-email");
        String orderId = newOrderId();
        service.publish(event(orderId, "CREATED").sequence(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> service.notifications(orderId).stream()
                .anyMatch(n -> "email".equals(n.get("channel"))));
        String notificationId = service.notifications(orderId).stream().filter(n -> "email".equals(n.get("channel")))
                .map(n -> (String) n.get("notificationId")).findFirst().orElseThrow();
        try (Connection c = dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE notifications SET claimed_at = ?, claimed_by = ? WHERE notification_id = ?")) {
            ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setString(2, instance);
            ps.setString(3, notificationId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        return notificationId;
    }

    private void beat(String instance) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = dataSource().getConnection();
             PreparedStatement update = c.prepareStatement("UPDATE ordercast_instances SET seen_at = ? WHERE instance_id = ?")) {
            update.setObject(1, now);
            update.setString(2, instance);
            if (update.executeUpdate() == 0) {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO ordercast_instances (instance_id, started_at, seen_at) VALUES (?, ?, ?)")) {
                    insert.setString(1, instance);
                    insert.setObject(2, now);
                    insert.setObject(3, now);
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String status(String notificationId) {
        try (Connection c = dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status FROM notifications WHERE notification_id = ?")) {
            ps.setString(1, notificationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private DataSource dataSource() {
        return service.context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
    }
}
