package io.ordercast.failure;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.db.Jdbc;
import org.apache.camel.Exchange;

import static io.ordercast.db.SqlValues.at;
import static io.ordercast.db.SqlValues.fitted;

/**
 * The dead letters of the channel routes, the only writer of the dead_letters table: stored with the
 * original message, ordercast's own headers, the error and the attempts ({@link DeadLetterListing} lists
 * them); a replay (io.ordercast.notify.DeadLetterReplay) takes them and marks them replayed.
 */
public class DeadLetters {

    public static final String ERROR_HEADER = "x-ordercast-error";

    /** A dead letter as a replay needs it: whose notification, on which channel. */
    public record DeadLetter(String id, String notificationId, String channel) {
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
        jdbc.inTransaction(() -> jdbc.sql()
                .sql("INSERT INTO dead_letters (id, queue, channel, notification_id, payload, headers, error, attempts,"
                        + " failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, "outbox:" + channel, channel, exchange.getProperty("notificationId", String.class),
                        payload == null ? "" : payload, headersJson, fitted(reason), NotificationRetries.triesSoFar(exchange),
                        at(clock.instant()))
                .update());
        exchange.getMessage().setHeader(ERROR_HEADER, reason);
        exchange.getMessage().setHeader("x-ordercast-dead-letter-id", id);
    }

    /** The ids of the channel's dead letters not replayed yet, oldest first; in the caller's transaction. */
    public List<String> notReplayed(String channel) {
        return jdbc.sql().sql("SELECT id FROM dead_letters WHERE channel = ? AND replayed_at IS NULL ORDER BY failed_at")
                .param(channel).query(String.class).list();
    }

    /** The dead letter, locked until the caller's transaction ends; empty if there is none. */
    public Optional<DeadLetter> lock(String id) {
        return jdbc.sql().sql("SELECT notification_id, channel FROM dead_letters WHERE id = ? FOR UPDATE")
                .param(id)
                .query((rs, n) -> new DeadLetter(id, rs.getString(1), rs.getString(2)))
                .optional();
    }

    /** Records what the replay of a dead letter did; in the caller's transaction. */
    public void markReplayed(String id, String result) {
        jdbc.sql().sql("UPDATE dead_letters SET replayed_at = ?, replay_result = ? WHERE id = ?")
                .params(at(clock.instant()), result, id).update();
    }
}
