package io.ordercast.failure;

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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.api.BadRequestException;
import io.ordercast.db.Jdbc;
import io.ordercast.tracking.Redaction;
import org.apache.camel.Header;

/**
 * GET /api/dead-letters: a page of dead letters, newest first, each with what an operator needs to tell
 * whose notification failed: order, template, recipient and the address it went to, masked like the
 * logs mask it. Filters by channel and by order; the order filter goes through the order's
 * notifications (notifications_by_order) to their dead letters (dead_letters_by_notification).
 */
public class DeadLetterListing {

    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String FROM = " FROM dead_letters d LEFT JOIN notifications n ON n.notification_id = d.notification_id";
    /**
     * Filtered by order: an inner join, so the planner may start from the order's notifications. H2 does
     * not turn a LEFT JOIN filtered on its right side into one, and would scan every dead letter.
     */
    private static final String FROM_ORDER = " FROM dead_letters d JOIN notifications n ON n.notification_id = d.notification_id";

    private final Jdbc jdbc;
    private final ObjectMapper mapper;

    public DeadLetterListing(Jdbc jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    public Map<String, Object> list(@Header("channel") String channel, @Header("orderId") String orderId,
                                    @Header("limit") Integer limit, @Header("offset") Integer offset) {
        int size = limit == null ? 50 : limit;
        int skip = offset == null ? 0 : offset;
        if (size < 1 || size > 500 || skip < 0) {
            throw new BadRequestException("limit must be 1-500 and offset 0 or more");
        }
        if (orderId != null && !orderId.isBlank() && !ORDER_ID.matcher(orderId).matches()) {
            throw new BadRequestException("orderId must be 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        List<String> args = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        if (channel != null && !channel.isBlank()) {
            where.append(" AND d.channel = ?");
            args.add(channel);
        }
        if (orderId != null && !orderId.isBlank()) {
            where.append(" AND n.order_id = ?");
            args.add(orderId);
        }
        String fromWhere = (orderId == null || orderId.isBlank() ? FROM : FROM_ORDER)
                + (where.isEmpty() ? "" : " WHERE" + where.substring(4));
        return jdbc.inTransaction(c -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT d.id, d.channel, d.notification_id, d.error, d.attempts, d.failed_at, d.replayed_at,"
                            + " d.replay_result, d.payload, n.order_id, n.template, n.recipient,"
                            + " (SELECT e.payload FROM order_events e WHERE e.event_id = n.event_id) AS event"
                            + fromWhere + " ORDER BY d.failed_at DESC, d.id LIMIT ? OFFSET ?")) {
                int i = bind(ps, args);
                ps.setInt(i++, size);
                ps.setInt(i, skip);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
            }
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("total", count(c, fromWhere, args));
            page.put("limit", size);
            page.put("offset", skip);
            page.put("deadLetters", rows);
            return page;
        });
    }

    private static long count(Connection c, String fromWhere, List<String> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + fromWhere)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int bind(PreparedStatement ps, List<String> args) throws SQLException {
        int i = 1;
        for (String arg : args) {
            ps.setString(i++, arg);
        }
        return i;
    }

    private Map<String, Object> row(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", rs.getString("id"));
        row.put("channel", rs.getString("channel"));
        row.put("notificationId", rs.getString("notification_id"));
        row.put("orderId", rs.getString("order_id"));
        row.put("template", rs.getString("template"));
        row.put("recipient", rs.getString("recipient"));
        row.put("address", maskedAddress(rs.getString("channel"), rs.getString("recipient"), rs.getString("event")));
        row.put("error", rs.getString("error"));
        row.put("attempts", rs.getInt("attempts"));
        row.put("failedAt", rs.getObject("failed_at", OffsetDateTime.class).toInstant().toString());
        OffsetDateTime replayed = rs.getObject("replayed_at", OffsetDateTime.class);
        row.put("replayedAt", replayed == null ? null : replayed.toInstant().toString());
        row.put("replayResult", rs.getString("replay_result"));
        row.put("message", rs.getString("payload"));
        return row;
    }

    /** The e-mail address or phone number the notification went to, as the event named it, masked. */
    private String maskedAddress(String channel, String recipient, String event) {
        if (recipient == null || event == null) {
            return null;
        }
        String field = switch (channel) {
            case "email" -> "email";
            case "sms" -> "phone";
            default -> null;
        };
        if (field == null) {
            return null;
        }
        String role = recipient.contains(":") ? recipient.substring(0, recipient.indexOf(':')) : recipient;
        try {
            JsonNode address = mapper.readTree(event).path(role).path(field);
            return address.isTextual() ? Redaction.mask(address.asText()) : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
