package io.ordercast.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.ordercast.db.Jdbc;
import io.ordercast.tracking.FollowUp;
import io.ordercast.tracking.OrderTracker;
import io.ordercast.tracking.Party;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

/**
 * Collects the notifications that the router's branch for a state asks for ({@link #plan}), then
 * records them as one batch ({@link #record}) together with the mark that the event's follow-up is
 * done. Ids are deterministic and existing rows are kept, so planning an event twice records it once.
 */
public class NotificationPlanner {

    static final String PLAN_PROPERTY = "ordercastPlan";

    private final Jdbc jdbc;
    private final OrderTracker tracker;
    private final Clock clock;

    public NotificationPlanner(Jdbc jdbc, OrderTracker tracker, Clock clock) {
        this.jdbc = jdbc;
        this.tracker = tracker;
        this.clock = clock;
    }

    /** Adds one notification to the plan of the event in the exchange body (a {@link FollowUp}). */
    public void plan(Exchange exchange, String role, String channel, String template, String priority)
            throws InvalidPayloadException {
        FollowUp followUp = exchange.getMessage().getMandatoryBody(FollowUp.class);
        String roleKey = role.toLowerCase(Locale.ROOT);
        String channelKey = channel.toLowerCase(Locale.ROOT);
        Party party = switch (roleKey) {
            case "buyer" -> followUp.event().buyer();
            case "seller" -> followUp.event().seller();
            default -> null;
        };
        String recipient = party == null ? roleKey : roleKey + ":" + party.id();
        String locale = party == null || party.locale() == null ? "en" : party.locale();
        String missing = missingAddress(roleKey, channelKey, party);
        plans(exchange).add(new PlannedNotification(
                NotificationIds.of(followUp.eventId(), roleKey, channelKey, null), followUp.orderId(),
                followUp.eventId(), recipient, channelKey, template, locale,
                Priority.valueOf(priority.toUpperCase(Locale.ROOT)),
                missing == null ? "PENDING" : "SUPPRESSED", missing));
    }

    /** Records the collected plan and marks the event's follow-up done, in one transaction. */
    public void record(Exchange exchange) throws InvalidPayloadException {
        FollowUp followUp = exchange.getMessage().getMandatoryBody(FollowUp.class);
        List<PlannedNotification> plan = List.copyOf(plans(exchange));
        exchange.removeProperty(PLAN_PROPERTY);
        jdbc.inTransaction(c -> {
            Instant now = clock.instant();
            for (PlannedNotification n : plan) {
                insertIfAbsent(c, n, now);
            }
            tracker.markFollowedUp(c, followUp.eventId());
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private static List<PlannedNotification> plans(Exchange exchange) {
        List<PlannedNotification> plan = exchange.getProperty(PLAN_PROPERTY, List.class);
        if (plan == null) {
            plan = new ArrayList<>();
            exchange.setProperty(PLAN_PROPERTY, plan);
        }
        return plan;
    }

    private static String missingAddress(String role, String channel, Party party) {
        if (("buyer".equals(role) || "seller".equals(role)) && party == null) {
            return "the event names no " + role;
        }
        if (party == null) {
            return null;
        }
        if ("email".equals(channel) && (party.email() == null || party.email().isBlank())) {
            return role + " has no email address";
        }
        if ("sms".equals(channel) && (party.phone() == null || party.phone().isBlank())) {
            return role + " has no phone number";
        }
        return null;
    }

    private static void insertIfAbsent(Connection c, PlannedNotification n, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO notifications (notification_id, order_id, event_id, recipient, channel, template, locale,"
                        + " priority, status, attempts, last_error, created_at, updated_at)"
                        + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ? FROM (VALUES (1)) AS one(x)"
                        + " WHERE NOT EXISTS (SELECT 1 FROM notifications WHERE notification_id = ?)")) {
            var at = now.atOffset(ZoneOffset.UTC);
            ps.setString(1, n.notificationId());
            ps.setString(2, n.orderId());
            ps.setString(3, n.eventId());
            ps.setString(4, n.recipient());
            ps.setString(5, n.channel());
            ps.setString(6, n.template());
            ps.setString(7, n.locale());
            ps.setString(8, n.priority().name());
            ps.setString(9, n.status());
            ps.setString(10, n.reason());
            ps.setObject(11, at);
            ps.setObject(12, at);
            ps.setString(13, n.notificationId());
            ps.executeUpdate();
        }
    }
}
