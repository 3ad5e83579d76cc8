package io.ordercast.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;

/**
 * Closes keep-alive connections that have had no request in progress for longer than
 * {@code ordercast.http.idle-timeout}. Vert.x would do it with HttpServerOptions.setIdleTimeout, but
 * camel-platform-http creates those options itself and exposes no such setting; so every request is seen
 * here on its way in and out, and a timer closes what has been idle too long. A connection that never
 * completes a request head is not seen by any handler and is not closed here.
 */
final class IdleConnections implements Handler<RoutingContext> {

    private final Vertx vertx;
    private final long timeoutMillis;
    private final Map<HttpConnection, Activity> connections = new ConcurrentHashMap<>();
    private final long timer;

    IdleConnections(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.timeoutMillis = timeout.toMillis();
        this.timer = vertx.setPeriodic(Math.max(100, timeoutMillis / 4), id -> closeIdle());
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        Activity activity = connections.computeIfAbsent(connection, c -> {
            c.closeHandler(closed -> connections.remove(c));
            return new Activity();
        });
        activity.inProgress.incrementAndGet();
        ctx.addEndHandler(ended -> {
            activity.lastEnded = System.nanoTime();
            activity.inProgress.decrementAndGet();
        });
        ctx.next();
    }

    void close() {
        vertx.cancelTimer(timer);
        connections.clear();
    }

    private void closeIdle() {
        long now = System.nanoTime();
        connections.forEach((connection, activity) -> {
            if (activity.inProgress.get() == 0 && (now - activity.lastEnded) / 1_000_000 > timeoutMillis) {
                connections.remove(connection);
                connection.close();
            }
        });
    }

    private static final class Activity {
        final AtomicInteger inProgress = new AtomicInteger();
        volatile long lastEnded = System.nanoTime();
    }
}
