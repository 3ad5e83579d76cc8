package io.ordercast.dispatch;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLNonTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.channel.ChannelAvailability;
import io.ordercast.channel.ChannelDescriptor;
import io.ordercast.db.DatabaseUnavailableException;
import io.ordercast.db.Jdbc;
import io.ordercast.db.OutageLog;
import io.ordercast.digest.Digests;
import io.ordercast.plan.NotificationStore;
import io.ordercast.recipient.RecipientDevices;
import io.ordercast.recipient.RecipientPreferences;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A claim whose commit got no answer (PostgreSQL stopped while committing) may have committed: its rows would stay
 * claimed by this live instance, which keeps beating, so nobody would ever send them. The dispatcher hands the
 * claim's stamp back with its next claim, which releases them.
 */
class UnconfirmedClaimTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private final AtomicBoolean cutAfterCommit = new AtomicBoolean();
    private Jdbc jdbc;
    private NotificationDelivery delivery;

    @BeforeEach
    void database() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:unconfirmed-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
        jdbc = new Jdbc(cuttingAfterCommit(h2), new OutageLog(Duration.ofMinutes(1), clock));
        ChannelAvailability channels = new ChannelAvailability(Map.of("email", new ChannelDescriptor("email", "email",
                ChannelDescriptor.TemplateKind.HTML, List.of(), List.of("smtp"), null)), Set.of("email"), Map.of());
        Instances instances = new Instances(jdbc, Duration.ofSeconds(30), clock);
        instances.beat();
        delivery = new NotificationDelivery(jdbc, new NotificationStore(jdbc), new RecipientPreferences(jdbc, Set.of("email"), clock),
                channels, new ObjectMapper(), new FrequencyCap(0, Duration.ofHours(1), Set.of()), instances,
                new RecipientDevices(jdbc, clock), new ChannelOutages(Duration.ofSeconds(30), Duration.ofDays(1)), new Digests(jdbc, 50), clock);
        insertDueMail("n-1");
    }

    @Test
    void should_release_the_rows_of_a_claim_whose_commit_got_no_answer() {
        Instant stamp = delivery.claimStamp();
        cutAfterCommit.set(true);
        Throwable failure = catchClaim(stamp, List.of());
        assertThat(Jdbc.mayHaveCommitted(failure)).isTrue();
        assertThat(claimedBy("n-1")).as("the claim committed all the same").isNotNull();

        List<NotificationDelivery.Claim> claims = delivery.claim("email", 10, List.of(), delivery.claimStamp(), List.of(stamp));

        assertThat(claims).extracting(claim -> claim.row().notificationId()).containsExactly("n-1");
    }

    @Test
    void should_leave_the_rows_of_a_claim_whose_commit_got_no_answer_claimed_without_its_stamp() {
        Instant stamp = delivery.claimStamp();
        cutAfterCommit.set(true);
        catchClaim(stamp, List.of());

        assertThat(delivery.claim("email", 10, List.of(), delivery.claimStamp(), List.of())).isEmpty();
    }

    @Test
    void should_not_release_a_claim_of_another_stamp() {
        Instant held = delivery.claimStamp();
        assertThat(delivery.claim("email", 10, List.of(), held, List.of())).hasSize(1);
        Instant lost = delivery.claimStamp();

        assertThat(lost).isAfter(held);
        assertThat(delivery.claim("email", 10, List.of(), delivery.claimStamp(), List.of(lost))).isEmpty();
    }

    private Throwable catchClaim(Instant stamp, List<Instant> uncertain) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> delivery.claim("email", 10, List.of(), stamp, uncertain))
                .isInstanceOf(DatabaseUnavailableException.class)
                .satisfies(e -> thrown[0] = e);
        cutAfterCommit.set(false);
        return thrown[0];
    }

    /** Commits, then answers as a connection cut by the server would: the driver never saw the commit's answer. */
    private DataSource cuttingAfterCommit(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> {
                    Object result = method.invoke(target, args);
                    if (!method.getName().equals("getConnection")) {
                        return result;
                    }
                    Connection connection = (Connection) result;
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                            (p, m, a) -> {
                                Object r = m.invoke(connection, a);
                                if (m.getName().equals("commit") && cutAfterCommit.get()) {
                                    throw new SQLNonTransientConnectionException("terminating connection due to administrator command", "57P01");
                                }
                                return r;
                            });
                });
    }

    private void insertDueMail(String id) {
        OffsetDateTime at = OffsetDateTime.ofInstant(NOW.minusSeconds(1), ZoneOffset.UTC);
        jdbc.inTransaction(() -> jdbc.sql().sql("INSERT INTO order_events (event_id, order_id, state, sequence, occurred_at,"
                        + " outcome, received_at, payload) VALUES ('e-1', 'o-1', 'PAID', 2, ?, 'APPLIED', ?, '{}')")
                .params(at, at).update());
        jdbc.inTransaction(() -> jdbc.sql().sql("INSERT INTO notifications (notification_id, order_id, event_id, recipient,"
                        + " channel, template, locale, priority, status, created_at, updated_at, priority_rank, due_at)"
                        + " VALUES (?, 'o-1', 'e-1', 'buyer-1', 'email', 'order-paid', 'en', 'NORMAL', 'PENDING', ?, ?, 1, ?)")
                .params(id, at, at, at).update());
    }

    private String claimedBy(String id) {
        return jdbc.inTransaction(() -> jdbc.sql().sql("SELECT claimed_by FROM notifications WHERE notification_id = ?")
                .param(id).query(String.class).optional().orElse(null));
    }
}
