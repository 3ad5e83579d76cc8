package io.ordercast.tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.support.Events;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A follow-up that fails every time (here: an event stored before the schema bounded the locale, whose
 * notifications the database refuses) is tried a bounded number of times, then given up with the
 * reason in the order's timeline, instead of failing every sweep forever.
 */
class FollowUpFailureIT {

    private static RunningService service;

    @BeforeAll
    static void start() {
        service = RunningService.start(Map.of(
                "ordercast.tracking.hold-window", "PT0.5S",
                "ordercast.tracking.sweep-interval", "PT0.2S",
                "ordercast.tracking.follow-up.max-attempts", "3"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void should_give_up_a_follow_up_after_the_maximum_attempts_and_show_why() throws Exception {
        String orderId = Events.newOrderId();
        service.publish(event(orderId, "CREATED").sequence(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> service.notifications(orderId).size() == 2);
        Events.Builder paid = event(orderId, "PAID").sequence(2);
        ((ObjectNode) paid.node().get("buyer")).put("locale", "en-" + "abcdefgh-".repeat(4));
        String eventId = storeUnfinishedApplied(paid);

        await().atMost(Duration.ofSeconds(15)).until(() -> followUpAttempts(eventId) >= 3
                && service.timeline(orderId).stream().anyMatch(t -> t.containsKey("followUpError")));
        Map<String, Object> entry = service.timeline(orderId).stream()
                .filter(t -> eventId.equals(t.get("eventId"))).findFirst().orElseThrow();
        assertThat((String) entry.get("followUpError")).startsWith("gave up after 3 attempts: ");
        // no more tries: the sweeper has let it go
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> followUpAttempts(eventId) == 3);
    }

    /** An APPLIED event whose notifications were never planned, as a crash (or an old bug) leaves it. */
    private static String storeUnfinishedApplied(Events.Builder e) throws Exception {
        String eventId = UUID.randomUUID().toString();
        var at = Instant.now().minusSeconds(60).atOffset(ZoneOffset.UTC);
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO order_events (event_id, order_id, state, sequence, occurred_at, outcome, from_state,"
                        + " was_held, followed_up, received_at, decided_at, payload)"
                        + " VALUES (?, ?, 'PAID', 2, ?, 'APPLIED', 'CREATED', FALSE, FALSE, ?, ?, ?)")) {
            e.eventId(eventId);
            ps.setString(1, eventId);
            ps.setString(2, e.node().get("orderId").asText());
            ps.setObject(3, at);
            ps.setObject(4, at);
            ps.setObject(5, at);
            ps.setString(6, e.json());
            ps.executeUpdate();
        }
        return eventId;
    }

    private static int followUpAttempts(String eventId) throws Exception {
        try (Connection c = dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT follow_up_attempts FROM order_events WHERE event_id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        }
    }

    private static DataSource dataSource() {
        return service.context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
    }
}
