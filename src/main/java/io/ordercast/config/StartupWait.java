package io.ordercast.config;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one bound on how long a start waits for its peers, the database and RabbitMQ: a single deadline,
 * {@value #KEY} after they are first tried, for both (they are opened side by side). A peer is tried again,
 * pausing from 0.5 s up to 5 s between tries, until it answers; each try is cut off at the deadline too, so a host
 * that swallows packets costs no more than one that refuses them. One setting, because the drivers' own retries and
 * timeouts (Flyway's, the pool's, the AMQP client's) add up to minutes nobody configured.
 */
final class StartupWait {

    static final String KEY = "ordercast.startup.timeout";
    private static final Logger LOG = LoggerFactory.getLogger(StartupWait.class);
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Duration timeout;
    private final long deadline;
    private final CompletableFuture<Void> givenUp = new CompletableFuture<>();

    StartupWait(Duration timeout) {
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /** The time left until the deadline, never negative. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** The other side of the start failed: a wait in progress ends now ({@link GivenUp}) instead of at the deadline. */
    void giveUp() {
        givenUp.complete(null);
    }

    /**
     * Returns once {@code attempt} succeeds. Throws {@link PeerUnavailableException} naming {@code peer} when the
     * deadline passes, or at once for a failure that waiting does not mend ({@code hopeless}); {@link GivenUp} after
     * {@link #giveUp()}. Failures are told by type and message, with {@code secret} masked.
     */
    void until(String peer, Callable<?> attempt, Predicate<Throwable> hopeless, String secret) {
        ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "ordercast-wait-start");
            t.setDaemon(true); // an attempt hanging past the deadline must not keep the JVM up
            return t;
        });
        long started = System.nanoTime();
        String lastFailure = null;
        try {
            for (long pause = FIRST_PAUSE_NANOS; ; pause = Math.min(2 * pause, LONGEST_PAUSE_NANOS)) {
                CompletableFuture<Void> trying = CompletableFuture.runAsync(() -> call(attempt), thread);
                if (!awaitEither(trying, deadline - System.nanoTime())) {
                    throw notAnswered(peer, lastFailure != null ? lastFailure : "no answer");
                }
                Throwable failure = trying.handle((done, thrown) -> thrown).join();
                if (failure == null) {
                    if (lastFailure != null) {
                        LOG.info("Waited {} s for {}", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), peer);
                    }
                    return;
                }
                String why = describe(failure, secret);
                if (hopeless.test(failure)) {
                    throw new PeerUnavailableException(peer + " refused ordercast: " + why);
                }
                if (lastFailure == null) {
                    LOG.warn("Waiting up to {} ({}) for {}, which does not answer ({})", timeout, KEY, peer, why);
                }
                lastFailure = why;
                // a pause that a give-up ends early
                awaitEither(new CompletableFuture<>(), Math.min(pause, deadline - System.nanoTime()));
                if (System.nanoTime() - deadline >= 0) {
                    throw notAnswered(peer, why);
                }
            }
        } finally {
            thread.shutdownNow();
        }
    }

    /**
     * Waits up to {@code nanos} for {@code something}; true when it completed. Throws {@link GivenUp} when the start
     * was given up meanwhile.
     */
    private boolean awaitEither(CompletableFuture<?> something, long nanos) {
        try {
            CompletableFuture.anyOf(something, givenUp).get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            // something failed: the caller reads how
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GivenUp();
        }
        if (givenUp.isDone()) {
            throw new GivenUp();
        }
        return something.isDone();
    }

    private PeerUnavailableException notAnswered(String peer, String why) {
        return new PeerUnavailableException(peer + " did not answer within " + timeout + " (" + KEY + "): " + why);
    }

    private static void call(Callable<?> attempt) {
        try {
            attempt.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The innermost cause's type and message, on one line: drivers put the useful words there. */
    static String describe(Throwable failure, String secret) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        if (secret != null && !secret.isEmpty()) {
            why = why.replace(secret, "***");
        }
        return why.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /** The wait ended because the other side of the start failed; that failure is the one to tell. */
    static final class GivenUp extends RuntimeException {
        GivenUp() {
            super("the start was given up", null, false, false);
        }
    }
}
