package io.ordercast.deadletter;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.common.BadRequestException;
import io.ordercast.common.Redaction;
import io.ordercast.db.Jdbc;
import org.apache.camel.Header;

import static io.ordercast.db.SqlValues.text;

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

    /** The answer: one page of dead letters and how many match in all. */
    public record Page(long total, int limit, int offset, List<Entry> deadLetters) {
    }

    /** One dead letter as the API shows it; {@code message} is the channel message as it was. */
    public record Entry(String id, String channel, String notificationId, String orderId, String template,
                        String recipient, String address, String error, int attempts, String failedAt,
                        String replayedAt, String replayResult, String message) {
    }

    private final Jdbc jdbc;
    private final ObjectMapper mapper;
    private final Map<String, String> addressFields;

    /** @param addressFields channel → the party field that holds its address (channels without one are absent) */
    public DeadLetterListing(Jdbc jdbc, ObjectMapper mapper, Map<String, String> addressFields) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.addressFields = Map.copyOf(addressFields);
    }

    public Page list(@Header("channel") String channel, @Header("orderId") String orderId,
                     @Header("limit") Integer limit, @Header("offset") Integer offset) {
        int size = limit == null ? 50 : limit;
        int skip = offset == null ? 0 : offset;
        if (size < 1 || size > 500 || skip < 0) {
            throw new BadRequestException("limit must be 1-500 and offset 0 or more");
        }
        if (orderId != null && !orderId.isBlank() && !ORDER_ID.matcher(orderId).matches()) {
            throw new BadRequestException("orderId must be 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        List<Object> args = new ArrayList<>();
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
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(size);
        pageArgs.add(skip);
        return jdbc.inTransaction(() -> {
            List<Entry> rows = jdbc.sql().sql("SELECT d.id, d.channel, d.notification_id, d.error, d.attempts, d.failed_at,"
                            + " d.replayed_at, d.replay_result, d.payload, n.order_id, n.template, n.recipient,"
                            + " (SELECT e.payload FROM order_events e WHERE e.event_id = n.event_id) AS event"
                            + fromWhere + " ORDER BY d.failed_at DESC, d.id LIMIT ? OFFSET ?")
                    .params(pageArgs)
                    .query((rs, n) -> new Entry(rs.getString("id"), rs.getString("channel"), rs.getString("notification_id"),
                            rs.getString("order_id"), rs.getString("template"), rs.getString("recipient"),
                            maskedAddress(rs.getString("channel"), rs.getString("recipient"), rs.getString("event")),
                            rs.getString("error"), rs.getInt("attempts"), text(rs.getObject("failed_at", OffsetDateTime.class)),
                            text(rs.getObject("replayed_at", OffsetDateTime.class)), rs.getString("replay_result"),
                            rs.getString("payload")))
                    .list();
            long total = jdbc.sql().sql("SELECT COUNT(*)" + fromWhere).params(args).query(Long.class).single();
            return new Page(total, size, skip, rows);
        });
    }

    /** The address (e-mail, phone number) the notification went to, as the event named it, masked. */
    private String maskedAddress(String channel, String recipient, String event) {
        if (recipient == null || event == null) {
            return null;
        }
        String field = addressFields.get(channel);
        if (field == null) {
            return null;
        }
        String role = recipient.contains(":") ? recipient.substring(0, recipient.indexOf(':')) : recipient;
        try {
            JsonNode address = mapper.readTree(event).path(role).path(field);
            return address.isTextual() ? Redaction.address(address.asText()) : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
