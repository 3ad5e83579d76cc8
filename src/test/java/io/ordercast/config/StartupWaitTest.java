package io.ordercast.config;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ordercast.db.Database;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One deadline bounds the start's wait for a peer, whatever the peer does: refuse connections, swallow them, or
 * refuse the credentials (no wait at all); and a start given up on the other side ends the wait at once.
 */
class StartupWaitTest {

    private static final String PEER = "the database at pg:5432";

    @Test
    void should_give_up_at_the_deadline_on_a_try_that_never_returns() {
        CountDownLatch never = new CountDownLatch(1);
        StartupWait wait = new StartupWait(Duration.ofMillis(700));
        long start = System.nanoTime();
        try {
            assertThatThrownBy(() -> wait.until(PEER, () -> never.await(1, TimeUnit.MINUTES), failure -> false, ""))
                    .isInstanceOf(PeerUnavailableException.class)
                    .hasMessage(PEER + " did not answer within PT0.7S (ordercast.startup.timeout): no answer");
        } finally {
            never.countDown();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(650), Duration.ofSeconds(5));
    }

    @Test
    void should_try_again_until_the_peer_answers() {
        AtomicInteger tries = new AtomicInteger();

        new StartupWait(Duration.ofSeconds(30)).until(PEER, () -> {
            if (tries.incrementAndGet() < 3) {
                throw new ConnectException("Connection refused");
            }
            return null;
        }, failure -> false, "");

        assertThat(tries).hasValue(3);
    }

    @Test
    void should_tell_the_last_failure_when_the_deadline_passes() {
        assertThatThrownBy(() -> new StartupWait(Duration.ofSeconds(1)).until(PEER, () -> {
            throw new SQLException("Connection to pg:5432 refused", "08001", new ConnectException("Connection refused"));
        }, failure -> false, "")).isInstanceOf(PeerUnavailableException.class).hasMessage(PEER
                + " did not answer within PT1S (ordercast.startup.timeout): ConnectException: Connection refused");
    }

    @Test
    void should_not_wait_for_a_peer_that_refuses_the_credentials_and_mask_the_password() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> new StartupWait(Duration.ofMinutes(2)).until(PEER, () -> {
            throw new SQLException("password authentication failed\nfor user \"ordercast\" (password s3cret-pw)", "28P01");
        }, Database::refusesCredentials, "s3cret-pw")).isInstanceOf(PeerUnavailableException.class)
                .hasMessage(PEER + " refused ordercast: SQLException: password authentication failed for user \"ordercast\""
                        + " (password ***)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void should_end_the_wait_at_once_when_the_start_is_given_up() throws Exception {
        StartupWait wait = new StartupWait(Duration.ofMinutes(2));
        CountDownLatch tried = new CountDownLatch(1);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> wait.until(PEER, () -> {
            tried.countDown();
            throw new ConnectException("Connection refused");
        }, failure -> false, ""));
        assertThat(tried.await(10, TimeUnit.SECONDS)).isTrue();

        wait.giveUp();

        assertThat(waiting).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(StartupWait.GivenUp.class);
    }
}
