package io.ordercast.failure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.api.BadRequestException;
import io.ordercast.api.NotFoundException;
import io.ordercast.db.Jdbc;
import io.ordercast.notify.NotificationStore.OutboxEntry;
import io.ordercast.notify.Priority;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * The dead letters of the channel routes: stored with the original message, ordercast's own headers,
 * the error and the attempts; replayed through the API ({@link DeadLetterListing} lists them). A replay puts the notification back to
 * PENDING for the outbox, unless it was SENT meanwhile: a notification is never sent twice.
 */
public class DeadLetters {

    public static final String ERROR_HEADER = "x-ordercast-error";

    /** What a replay did, and what the outbox must publish because of it. */
    public record Replay(List<Map<String, Object>> results, List<OutboxEntry> toPublish) {
    }

    private final Jdbc jdbc;
    private final ObjectMapper mapper;
    private final Clock clock;

    public DeadLetters(Jdbc jdbc, ObjectMapper mapper, Clock clock) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Stores the exchange's original channel message as a dead letter, with only the headers ordercast
     * set itself ({@link OwnHeaders}); sets x-ordercast-error for the dead-letter queue.
     */
    public void record(Exchange exchange, String reason) throws JsonProcessingException {
        // only ordercast's own headers: never a caller's or a provider's token, never a publisher's 30 KB
        Map<String, String> headers = OwnHeaders.of(exchange.getMessage().getHeaders());
        String channel = exchange.getProperty(NotificationRetries.CHANNEL_PROPERTY, "unknown", String.class);
        String id = UUID.randomUUID().toString();
        String headersJson = mapper.writeValueAsString(headers);
        String payload = exchange.getMessage().getBody(String.class);
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO dead_letters (id, queue, channel, notification_id, payload, headers, error, attempts,"
                            + " failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, "ordercast.notify." + channel);
                ps.setString(3, channel);
                ps.setString(4, exchange.getProperty("notificationId", String.class));
                ps.setString(5, payload == null ? "" : payload);
                ps.setString(6, headersJson);
                ps.setString(7, reason.length() > 1000 ? reason.substring(0, 997) + "..." : reason);
                ps.setInt(8, io.ordercast.notify.NotificationDelivery.tries(exchange));
                ps.setObject(9, now());
                ps.executeUpdate();
            }
            return null;
        });
        exchange.getMessage().setHeader(ERROR_HEADER, reason);
        exchange.getMessage().setHeader("x-ordercast-dead-letter-id", id);
    }

    public Replay replay(@Header("id") String id) {
        return jdbc.inTransaction(c -> {
            Replay replay = new Replay(new ArrayList<>(), new ArrayList<>());
            if (!replayOne(c, id, replay)) {
                throw new NotFoundException("no dead letter " + id);
            }
            return replay;
        });
    }

    /** Replays every dead letter of a channel that has not been replayed yet. */
    public Replay replayChannel(@Header("channel") String channel) {
        if (channel == null || channel.isBlank()) {
            throw new BadRequestException("say which channel to replay: ?channel=email");
        }
        return jdbc.inTransaction(c -> {
            Replay replay = new Replay(new ArrayList<>(), new ArrayList<>());
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM dead_letters WHERE channel = ? AND replayed_at IS NULL ORDER BY failed_at")) {
                ps.setString(1, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            for (String id : ids) {
                replayOne(c, id, replay);
            }
            return replay;
        });
    }

    private boolean replayOne(Connection c, String id, Replay replay) throws SQLException {
        String notificationId;
        String channel;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT notification_id, channel FROM dead_letters WHERE id = ? FOR UPDATE")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                notificationId = rs.getString(1);
                channel = rs.getString(2);
            }
        }
        String status = null;
        String priority = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT status, priority FROM notifications WHERE notification_id = ? FOR UPDATE")) {
            ps.setString(1, notificationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    status = rs.getString(1);
                    priority = rs.getString(2);
                }
            }
        }
        String result;
        if (status == null) {
            result = "no such notification; nothing sent";
        } else if ("SENT".equals(status)) {
            result = "already sent; not sent again";
        } else {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE notifications SET status = 'PENDING', claimed_at = NULL, published_at = NULL, not_before = NULL,"
                            + " last_error = ?, updated_at = ? WHERE notification_id = ?")) {
                ps.setString(1, "replayed from dead letter " + id);
                ps.setObject(2, now());
                ps.setString(3, notificationId);
                ps.executeUpdate();
            }
            replay.toPublish().add(new OutboxEntry(notificationId, channel, Priority.valueOf(priority)));
            result = "requeued";
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE dead_letters SET replayed_at = ?, replay_result = ? WHERE id = ?")) {
            ps.setObject(1, now());
            ps.setString(2, result);
            ps.setString(3, id);
            ps.executeUpdate();
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", id);
        entry.put("notificationId", notificationId);
        entry.put("result", result);
        replay.results().add(entry);
        return true;
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
