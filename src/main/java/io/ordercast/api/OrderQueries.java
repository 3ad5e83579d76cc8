package io.ordercast.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.ordercast.db.Jdbc;
import org.apache.camel.Header;

/** The order view of GET /api/orders/{orderId}: state, timeline and notifications (contract.md §4). */
public class OrderQueries {

    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Jdbc jdbc;

    public OrderQueries(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, Object> order(@Header("orderId") String orderId) {
        if (orderId == null || !ORDER_ID.matcher(orderId).matches()) {
            throw new BadRequestException("orderId must be 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        return jdbc.inTransaction(c -> {
            Map<String, Object> view = orderRow(c, orderId);
            if (view == null) {
                throw new NotFoundException("no order " + orderId);
            }
            view.put("timeline", timeline(c, orderId));
            view.put("notifications", notifications(c, orderId));
            return view;
        });
    }

    private static Map<String, Object> orderRow(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT order_id, state, sequence, updated_at FROM orders WHERE order_id = ?")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("orderId", rs.getString("order_id"));
                view.put("state", rs.getString("state"));
                view.put("sequence", rs.getLong("sequence"));
                view.put("updatedAt", instant(rs, "updated_at"));
                return view;
            }
        }
    }

    private static List<Map<String, Object>> timeline(Connection c, String orderId) throws SQLException {
        List<Map<String, Object>> timeline = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT event_id, state, sequence, occurred_at, outcome, reason, was_held, follow_up_error FROM order_events"
                        // in the order the events took effect; still-held ones last
                        + " WHERE order_id = ? ORDER BY CASE WHEN decided_at IS NULL THEN 1 ELSE 0 END, decided_at,"
                        + " sequence, received_at, event_id")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("eventId", rs.getString("event_id"));
                    entry.put("state", rs.getString("state"));
                    entry.put("sequence", rs.getObject("sequence", Long.class));
                    entry.put("occurredAt", instant(rs, "occurred_at"));
                    entry.put("outcome", rs.getString("outcome"));
                    if (rs.getString("reason") != null) {
                        entry.put("reason", rs.getString("reason"));
                    }
                    if (rs.getBoolean("was_held")) {
                        entry.put("held", true);
                    }
                    if (rs.getString("follow_up_error") != null) {
                        // its notifications or rejected copy failed: the sweeper's last error, or why it gave up
                        entry.put("followUpError", rs.getString("follow_up_error"));
                    }
                    timeline.add(entry);
                }
            }
        }
        return timeline;
    }

    private static List<Map<String, Object>> notifications(Connection c, String orderId) throws SQLException {
        List<Map<String, Object>> notifications = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT notification_id, recipient, channel, template, locale, priority, status, attempts, last_error,"
                        + " updated_at FROM notifications WHERE order_id = ? ORDER BY created_at, notification_id")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("notificationId", rs.getString("notification_id"));
                    entry.put("recipient", rs.getString("recipient"));
                    entry.put("channel", rs.getString("channel"));
                    entry.put("template", rs.getString("template"));
                    entry.put("locale", rs.getString("locale"));
                    entry.put("priority", rs.getString("priority"));
                    entry.put("status", rs.getString("status"));
                    entry.put("attempts", rs.getInt("attempts"));
                    if (rs.getString("last_error") != null) {
                        entry.put("reason", rs.getString("last_error"));
                    }
                    entry.put("updatedAt", instant(rs, "updated_at"));
                    notifications.add(entry);
                }
            }
        }
        return notifications;
    }

    private static String instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant().toString();
    }
}
