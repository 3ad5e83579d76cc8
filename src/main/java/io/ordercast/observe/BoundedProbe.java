package io.ordercast.observe;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a blocking look at a peer (a pooled connection, a broker connection) on a thread of its own and
 * waits for it at most {@code bound}, so a health answer never hangs on a dead peer: a probe waits at
 * most 1 s, while the pool's own wait (for real work) stays long. A look still running is joined by the
 * next call instead of starting another, so a dead peer costs one thread, not one per probe.
 */
final class BoundedProbe {

    private final String peer;
    private final Duration bound;
    private final ExecutorService thread;
    private Future<Optional<String>> running;

    BoundedProbe(String peer, Duration bound) {
        this.peer = peer;
        this.bound = bound;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ordercast-health-" + peer);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Empty while the peer answers; else why not, in words safe to show an operator: exception types and
     * SQL states, never their messages (those carry host names, ports and pool internals).
     */
    Optional<String> look(Callable<Optional<String>> look) {
        Future<Optional<String>> attempt = start(look);
        try {
            return attempt.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Optional.of(peer + " unreachable: no answer within " + bound.toMillis() + " ms");
        } catch (ExecutionException e) {
            return Optional.of(peer + " unreachable: " + describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(peer + " check interrupted");
        }
    }

    void close() {
        thread.shutdownNow();
    }

    private synchronized Future<Optional<String>> start(Callable<Optional<String>> look) {
        if (running == null || running.isDone()) {
            running = thread.submit(look);
        }
        return running;
    }

    static String describe(Throwable e) {
        StringBuilder why = new StringBuilder(e.getClass().getSimpleName());
        if (e instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
            why.append(" (SQLState ").append(sql.getSQLState()).append(')');
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            why.append(", caused by ").append(root.getClass().getSimpleName());
        }
        return why.toString();
    }
}
