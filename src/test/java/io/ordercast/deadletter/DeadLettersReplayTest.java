package io.ordercast.deadletter;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.common.BadRequestException;
import io.ordercast.common.NotFoundException;
import io.ordercast.db.Jdbc;
import io.ordercast.plan.NotificationStore;
import io.ordercast.support.MigratedH2;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Replaying dead letters (POST /api/dead-letters/{id}/replay and /api/dead-letters/replay?channel=) against
 * the real schema in an in-memory H2 database: what goes back to the outbox, what the notification and
 * the dead letter then say, and what is never sent twice.
 */
class DeadLettersReplayTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private Jdbc jdbc;
    private DeadLetterReplay deadLetters;

    @BeforeEach
    void database() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        jdbc = MigratedH2.jdbc("dead-letters", clock);
        deadLetters = new DeadLetterReplay(jdbc, new DeadLetters(jdbc, new ObjectMapper(), clock), new NotificationStore(jdbc),
                clock);
    }

    @Test
    void should_put_a_failed_notification_back_to_pending_due_now_and_wake_its_channel() {
        notification("n-sms-1", "sms", "FAILED", "HIGH");
        String deadLetter = deadLetter("sms", "n-sms-1");

        DeadLetterReplay.Replay replay = deadLetters.replay(deadLetter);

        assertThat(replay.results()).containsExactly(Map.of("id", deadLetter, "notificationId", "n-sms-1", "result", "requeued"));
        assertThat(replay.channels()).containsExactly("sms");
        assertThat(query("SELECT status || '|' || last_error FROM notifications WHERE notification_id = 'n-sms-1'"))
                .isEqualTo("PENDING|replayed from dead letter " + deadLetter);
        assertThat(query("SELECT claimed_at IS NULL AND claimed_by IS NULL AND not_before IS NULL AND retries = 0"
                + " AND due_at = TIMESTAMP WITH TIME ZONE '" + NOW.toString().replace('T', ' ').replace("Z", "+00") + "'"
                + " FROM notifications")).isEqualTo("TRUE");
        assertThat(query("SELECT replay_result FROM dead_letters WHERE id = '" + deadLetter + "'")).isEqualTo("requeued");
        assertThat(query("SELECT replayed_at FROM dead_letters WHERE id = '" + deadLetter + "'")).isNotNull();
    }

    @Test
    void should_not_send_again_a_notification_that_was_sent_meanwhile() {
        notification("n-mail-1", "email", "SENT", "NORMAL");
        String deadLetter = deadLetter("email", "n-mail-1");

        DeadLetterReplay.Replay replay = deadLetters.replay(deadLetter);

        assertThat(replay.results()).extracting(r -> r.get("result")).containsExactly("already sent; not sent again");
        assertThat(replay.channels()).isEmpty();
        assertThat(query("SELECT status FROM notifications WHERE notification_id = 'n-mail-1'")).isEqualTo("SENT");
        assertThat(query("SELECT replay_result FROM dead_letters")).isEqualTo("already sent; not sent again");
    }

    @Test
    void should_answer_not_found_for_an_unknown_dead_letter_and_change_nothing() {
        notification("n-sms-1", "sms", "FAILED", "HIGH");
        deadLetter("sms", "n-sms-1");

        assertThatThrownBy(() -> deadLetters.replay("no-such-id"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no dead letter no-such-id");
        assertThat(query("SELECT status FROM notifications")).isEqualTo("FAILED");
        assertThat(query("SELECT COUNT(*) FROM dead_letters WHERE replayed_at IS NOT NULL")).isEqualTo("0");
    }

    @Test
    void should_say_so_when_the_notification_of_a_dead_letter_is_gone() {
        String deadLetter = deadLetter("webhook", "n-deleted");

        DeadLetterReplay.Replay replay = deadLetters.replay(deadLetter);

        assertThat(replay.results()).extracting(r -> r.get("result")).containsExactly("no such notification; nothing sent");
        assertThat(replay.channels()).isEmpty();
    }

    @Test
    void should_not_requeue_again_while_pending_nor_after_it_was_sent() {
        notification("n-sms-1", "sms", "FAILED", "HIGH");
        String deadLetter = deadLetter("sms", "n-sms-1");

        deadLetters.replay(deadLetter);
        // still PENDING, perhaps claimed and being sent: requeuing it would free its claim for a second sender
        DeadLetterReplay.Replay second = deadLetters.replay(deadLetter);
        assertThat(second.results()).extracting(r -> r.get("result")).containsExactly("already pending; not queued again");
        assertThat(second.channels()).isEmpty();

        execute("UPDATE notifications SET status = 'SENT' WHERE notification_id = 'n-sms-1'");
        DeadLetterReplay.Replay third = deadLetters.replay(deadLetter);
        assertThat(third.results()).extracting(r -> r.get("result")).containsExactly("already sent; not sent again");
        assertThat(third.channels()).isEmpty();
    }

    @Test
    void should_replay_a_channels_dead_letters_not_yet_replayed_and_leave_other_channels_alone() {
        notification("n-sms-1", "sms", "FAILED", "HIGH");
        notification("n-sms-2", "sms", "FAILED", "LOW");
        notification("n-sms-3", "sms", "FAILED", "NORMAL");
        notification("n-mail-1", "email", "FAILED", "NORMAL");
        String first = deadLetter("sms", "n-sms-1");
        String second = deadLetter("sms", "n-sms-2");
        String alreadyReplayed = deadLetter("sms", "n-sms-3");
        deadLetter("email", "n-mail-1");
        deadLetters.replay(alreadyReplayed);
        execute("UPDATE notifications SET status = 'FAILED' WHERE notification_id = 'n-sms-3'");

        DeadLetterReplay.Replay replay = deadLetters.replayChannel("sms");

        assertThat(replay.results()).extracting(r -> r.get("id")).containsExactlyInAnyOrder(first, second);
        assertThat(replay.channels()).containsExactly("sms");
        assertThat(query("SELECT status FROM notifications WHERE notification_id = 'n-mail-1'")).isEqualTo("FAILED");
        assertThat(query("SELECT status FROM notifications WHERE notification_id = 'n-sms-3'")).isEqualTo("FAILED");
        assertThat(deadLetters.replayChannel("sms").results()).isEmpty();
    }

    @Test
    void should_ask_which_channel_to_replay() {
        assertThatThrownBy(() -> deadLetters.replayChannel(" "))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("say which channel to replay: ?channel=email");
    }

    private void notification(String id, String channel, String status, String priority) {
        OffsetDateTime at = NOW.minusSeconds(600).atOffset(ZoneOffset.UTC);
        jdbc.inTransaction(() -> jdbc.sql().sql("INSERT INTO notifications (notification_id, order_id, event_id,"
                        + " recipient, channel, template, locale, priority, status, attempts, retries, last_error, created_at,"
                        + " updated_at, claimed_at, claimed_by, due_at) VALUES (?, 'SO-1', 'evt-1', 'buyer:u-1001', ?, 'order-shipped',"
                        + " 'en', ?, ?, 4, 3, 'retries exhausted', ?, ?, ?, 'an-instance', ?)")
                .params(id, channel, priority, status, at, at, at, at)
                .update());
    }

    private String deadLetter(String channel, String notificationId) {
        String id = UUID.randomUUID().toString();
        execute("INSERT INTO dead_letters (id, queue, channel, notification_id, payload, headers, error, attempts, failed_at)"
                + " VALUES ('" + id + "', 'ordercast.notify." + channel + "', '" + channel + "', '" + notificationId
                + "', '{}', '{}', 'retries exhausted: ConnectException', 4, TIMESTAMP WITH TIME ZONE '2026-11-28 09:55:00+00')");
        return id;
    }

    private void execute(String sql) {
        jdbc.inTransaction(() -> jdbc.sql().sql(sql).update());
    }

    private String query(String sql) {
        List<String> rows = jdbc.inTransaction(() -> jdbc.sql().sql(sql).query(String.class).list());
        assertThat(rows).as("a row for %s", sql).isNotEmpty();
        return rows.get(0);
    }
}
