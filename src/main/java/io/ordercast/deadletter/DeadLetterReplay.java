package io.ordercast.deadletter;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

import io.ordercast.common.BadRequestException;
import io.ordercast.common.NotFoundException;
import io.ordercast.db.Jdbc;
import io.ordercast.deadletter.DeadLetters.DeadLetter;
import io.ordercast.plan.NotificationStore;
import io.ordercast.plan.NotificationStore.Status;
import org.apache.camel.Header;

/**
 * Replays dead letters (POST /api/dead-letters/{id}/replay, /api/dead-letters/replay?channel=): the
 * notification goes back to PENDING for the outbox, unless it was SENT meanwhile: a notification is never
 * sent twice. The dead letter and the notification are each changed by their own store, in one transaction.
 */
public class DeadLetterReplay {

    /** What a replay did ({@code results}, the API's answer), and the channels whose dispatchers it gave work. */
    public record Replay(List<Map<String, Object>> results, Set<String> channels) {
    }

    private final Jdbc jdbc;
    private final DeadLetters deadLetters;
    private final NotificationStore notifications;
    private final Clock clock;

    public DeadLetterReplay(Jdbc jdbc, DeadLetters deadLetters, NotificationStore notifications, Clock clock) {
        this.jdbc = jdbc;
        this.deadLetters = deadLetters;
        this.notifications = notifications;
        this.clock = clock;
    }

    public Replay replay(@Header("id") String id) {
        return jdbc.inTransaction(() -> {
            Replay replay = new Replay(new ArrayList<>(), new HashSet<>());
            if (!replayOne(id, replay)) {
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
        return jdbc.inTransaction(() -> {
            Replay replay = new Replay(new ArrayList<>(), new HashSet<>());
            for (String id : deadLetters.notReplayed(channel)) {
                replayOne(id, replay);
            }
            return replay;
        });
    }

    private boolean replayOne(String id, Replay replay) {
        Optional<DeadLetter> found = deadLetters.lock(id);
        if (found.isEmpty()) {
            return false;
        }
        DeadLetter deadLetter = found.get();
        Optional<Status> notification = notifications.lockForReplay(deadLetter.notificationId());
        String result;
        if (notification.isEmpty()) {
            result = "no such notification; nothing sent";
        } else if ("SENT".equals(notification.get().status())) {
            result = "already sent; not sent again";
        } else if ("PENDING".equals(notification.get().status())) {
            // replayed before, and waiting or being sent now: requeuing it would free its claim for a second sender
            result = "already pending; not queued again";
        } else {
            notifications.requeue(deadLetter.notificationId(), "replayed from dead letter " + id, clock.instant());
            replay.channels().add(deadLetter.channel());
            result = "requeued";
        }
        deadLetters.markReplayed(id, result);
        // a map, not a record: the answer's entries are compared as maps by the tests of the replay
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", id);
        entry.put("notificationId", deadLetter.notificationId());
        entry.put("result", result);
        replay.results().add(entry);
        return true;
    }
}
