package io.ordercast.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ordercast.common.BadRequestException;
import io.ordercast.common.NotFoundException;
import io.ordercast.common.Redaction;
import io.ordercast.db.Jdbc;
import org.apache.camel.Header;

import static io.ordercast.db.SqlValues.text;

/**
 * The order view of GET /api/orders/{orderId}: state, timeline and notifications (docs/contract.md §4). The
 * records' components are the JSON fields, in this order; the ones marked NON_NULL are left out when
 * they do not apply.
 */
public class OrderQueries {

    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public record OrderView(String orderId, String state, long sequence, String updatedAt,
                            List<TimelineEntry> timeline, List<NotificationEntry> notifications) {
    }

    /** One event: {@code held} only when it was held; {@code followUpError} when its after-work failed. */
    public record TimelineEntry(String eventId, String state, Long sequence, String occurredAt, String outcome,
                                @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Boolean held,
                                @JsonInclude(JsonInclude.Include.NON_NULL) String followUpError) {
    }

    /**
     * {@code device}: a push notification's device, as the last characters of its token; {@code digestId}: the digest
     * a notification went (or goes) in, whose outcome its status is.
     */
    public record NotificationEntry(String notificationId, String recipient, String channel,
                                    @JsonInclude(JsonInclude.Include.NON_NULL) String device, String template,
                                    String locale, String priority, String status, int attempts,
                                    @JsonInclude(JsonInclude.Include.NON_NULL) String reason, String updatedAt,
                                    @JsonInclude(JsonInclude.Include.NON_NULL) String digestId) {
    }

    private final Jdbc jdbc;

    public OrderQueries(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public OrderView order(@Header("orderId") String orderId) {
        if (orderId == null || !ORDER_ID.matcher(orderId).matches()) {
            throw new BadRequestException("orderId must be 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        return jdbc.inTransaction(() -> {
            OrderView order = jdbc.sql().sql("SELECT order_id, state, sequence, updated_at FROM orders WHERE order_id = ?")
                    .param(orderId)
                    .query((rs, n) -> new OrderView(rs.getString("order_id"), rs.getString("state"), rs.getLong("sequence"),
                            text(rs.getObject("updated_at", OffsetDateTime.class)), null, null))
                    .optional()
                    .orElseThrow(() -> new NotFoundException("no order " + orderId));
            return new OrderView(order.orderId(), order.state(), order.sequence(), order.updatedAt(), timeline(orderId),
                    notifications(orderId));
        });
    }

    private List<TimelineEntry> timeline(String orderId) {
        return jdbc.sql().sql("SELECT event_id, state, sequence, occurred_at, outcome, reason, was_held, follow_up_error"
                        // in the order the events took effect; still-held ones last
                        + " FROM order_events WHERE order_id = ? ORDER BY CASE WHEN decided_at IS NULL THEN 1 ELSE 0 END,"
                        + " decided_at, sequence, received_at, event_id")
                .param(orderId)
                .query((rs, n) -> new TimelineEntry(rs.getString("event_id"), rs.getString("state"),
                        rs.getObject("sequence", Long.class), text(rs.getObject("occurred_at", OffsetDateTime.class)),
                        rs.getString("outcome"), rs.getString("reason"), rs.getBoolean("was_held") ? Boolean.TRUE : null,
                        // its notifications or rejected copy failed: the sweeper's last error, or why it gave up
                        rs.getString("follow_up_error")))
                .list();
    }

    private List<NotificationEntry> notifications(String orderId) {
        return jdbc.sql().sql("SELECT notification_id, recipient, channel, device_token, template, locale, priority, status,"
                        + " attempts, last_error, updated_at, digest_id FROM notifications WHERE order_id = ?"
                        // a digest's own row belongs to no one order: its members show it
                        + " AND (digest_id IS NULL OR digest_id <> notification_id) ORDER BY created_at, notification_id")
                .param(orderId)
                .query((rs, n) -> new NotificationEntry(rs.getString("notification_id"), rs.getString("recipient"),
                        rs.getString("channel"), Redaction.token(rs.getString("device_token")), rs.getString("template"), rs.getString("locale"), rs.getString("priority"),
                        rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"),
                        text(rs.getObject("updated_at", OffsetDateTime.class)), rs.getString("digest_id")))
                .list();
    }
}
