package io.ordercast.deadletter;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.channel.OwnHeaders;
import io.ordercast.db.Jdbc;
import io.ordercast.routes.ExchangeProperties;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;

import static io.ordercast.db.SqlValues.at;
import static io.ordercast.db.SqlValues.fitted;

/**
 * The dead letters of the channel routes, the only writer of the dead_letters table: stored with the
 * original message, ordercast's own headers, the error and the attempts ({@link DeadLetterListing} lists
 * them); a replay (io.ordercast.deadletter.DeadLetterReplay) takes them and marks them replayed.
 */
public class DeadLetters {

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
     * Stores a channel message that failed for good as a dead letter, with only the headers ordercast set itself
     * ({@link OwnHeaders}). Returns the dead letter's id.
     *
     * @param payload      what the dead letter holds (the route makes it: which notification, which channel)
     * @param retriesSpent retries spent before this turn; this turn is one more attempt
     * @param reason       why the notification failed
     */
    public String record(@Body String payload, @Headers Map<String, Object> headers,
                         @ExchangeProperty(ExchangeProperties.CHANNEL) String channel,
                         @ExchangeProperty(ExchangeProperties.NOTIFICATION_ID) String notificationId,
                         @ExchangeProperty(ExchangeProperties.RETRIES_SPENT) Integer retriesSpent,
                         @ExchangeProperty(ExchangeProperties.FAILURE_REASON) String reason) throws JsonProcessingException {
        // only ordercast's own headers: never a caller's or a provider's token, never a publisher's 30 KB
        String headersJson = mapper.writeValueAsString(OwnHeaders.of(headers));
        String id = UUID.randomUUID().toString();
        jdbc.inTransaction(() -> jdbc.sql()
                .sql("INSERT INTO dead_letters (id, queue, channel, notification_id, payload, headers, error, attempts,"
                        + " failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, "outbox:" + channel, channel, notificationId, payload == null ? "" : payload, headersJson,
                        fitted(reason), (retriesSpent == null ? 0 : retriesSpent) + 1, at(clock.instant()))
                .update());
        return id;
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
