package io.ordercast.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.ordercast.db.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.ordercast.db.SqlValues.at;

/**
 * The running ordercast instances, as the database sees them: each one beats (records that it is
 * alive) every few seconds. An instance silent for longer than {@code timeout} was killed or cut
 * off, so the notifications it had claimed can be taken over at once. A claim is never taken from
 * an instance that is still beating: a notification is not sent twice.
 */
public class Instances {

    private static final Logger LOG = LoggerFactory.getLogger(Instances.class);

    private final Jdbc jdbc;
    private final String self = UUID.randomUUID().toString();
    private final Duration timeout;
    private final Clock clock;
    /** Since when this instance's beats have all succeeded; null after a failed one. */
    private volatile Instant beatingSince;
    private volatile Instant lastBeat;

    public Instances(Jdbc jdbc, Duration timeout, Clock clock) {
        this.jdbc = jdbc;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** This instance, as it signs its claims. */
    public String self() {
        return self;
    }

    /**
     * An instance not seen since this moment counts as gone. Only an instance sure of its own health
     * judges others: one that has itself beaten without a gap for the whole timeout. After a database
     * outage every instance's last beat is old; without this, the first to come back would take the
     * claims of the others before they had a chance to beat again.
     */
    public Instant silentSince(Instant now) {
        Instant since = beatingSince;
        Instant last = lastBeat;
        if (since == null || last == null || since.isAfter(now.minus(timeout)) || last.isBefore(now.minus(timeout.dividedBy(2)))) {
            return Instant.EPOCH;
        }
        return now.minus(timeout);
    }

    public void beat() {
        Instant now = clock.instant();
        try {
            record(now);
        } catch (RuntimeException e) {
            beatingSince = null;
            throw e;
        }
        if (beatingSince == null) {
            beatingSince = now;
        }
        lastBeat = now;
    }

    /** For the heartbeat schedule: a failed beat is an outage the other paths report; this one only stops judging. */
    public void beatOrSkip() {
        try {
            beat();
        } catch (RuntimeException e) {
            LOG.debug("instance heartbeat failed: {}", e.getMessage());
        }
    }

    private void record(Instant now) {
        jdbc.inTransaction(() -> {
            if (jdbc.sql().sql("UPDATE ordercast_instances SET seen_at = ? WHERE instance_id = ?")
                    .params(at(now), self).update() == 1) {
                return;
            }
            jdbc.sql().sql("INSERT INTO ordercast_instances (instance_id, started_at, seen_at) VALUES (?, ?, ?)")
                    .params(self, at(now), at(now)).update();
            // on an instance's first beat only: rows of instances gone for a day are history nobody reads
            jdbc.sql().sql("DELETE FROM ordercast_instances WHERE seen_at < ?")
                    .param(at(now.minus(Duration.ofDays(1)))).update();
        });
    }
}
