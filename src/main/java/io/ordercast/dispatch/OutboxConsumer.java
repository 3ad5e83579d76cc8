package io.ordercast.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.ordercast.common.Redaction;
import io.ordercast.db.DatabaseUnavailableException;
import io.ordercast.db.Jdbc;
import io.ordercast.dispatch.NotificationDelivery.Claim;
import io.ordercast.observe.TraceContext;
import io.ordercast.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's dispatchers: {@code concurrency} threads, each claiming a batch of due notifications, running each
 * through the channel route (one exchange, on this thread), and writing the batch's results in one transaction.
 * Woken when due notifications are committed ({@link Dispatchers#wake}); idle, each looks again every poll
 * interval for what was deferred, retried, scheduled or planned by another instance. A dispatcher that claims a
 * full batch wakes a sibling, so a backlog is worked by all of them.
 */
class OutboxConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxConsumer.class);
    private static final long WRITE_AT_LEAST_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final String channel;
    private final NotificationDelivery delivery;
    private final Dispatchers dispatchers;
    private final int concurrency;
    private final int batchSize;
    private final long pollMillis;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private ExecutorService workers;

    OutboxConsumer(OutboxEndpoint endpoint, Processor processor, NotificationDelivery delivery, Dispatchers dispatchers,
                   int concurrency, int batchSize, long pollMillis) {
        super(endpoint, processor);
        this.channel = endpoint.getChannel();
        this.delivery = delivery;
        this.dispatchers = dispatchers;
        this.concurrency = concurrency;
        this.batchSize = batchSize;
        this.pollMillis = pollMillis;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        workers = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "outbox-" + channel, concurrency);
        for (int i = 0; i < concurrency; i++) {
            workers.submit(this::work);
        }
        dispatchers.register(channel, this);
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        dispatchers.unregister(channel, this);
        wakeUps.release(concurrency);
        if (workers != null) {
            // each finishes the notification in hand; the rest of its batch is released for the next start
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(workers);
            workers = null;
        }
        super.doStop();
    }

    /** Due notifications were committed: one idle dispatcher looks now. */
    void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    private void work() {
        // the last batch's results, written with the next claim (one commit per batch), or alone before a pause
        List<DeliveryResult> unwritten = List.of();
        // claims that failed without an answer: released with the next claim if they committed after all
        List<Instant> uncertain = new ArrayList<>();
        while (running) {
            List<Claim> claims;
            Instant stamp = delivery.claimStamp();
            try {
                claims = delivery.claim(channel, batchSize, unwritten, stamp, uncertain);
                unwritten = List.of();
                uncertain.clear();
            } catch (DatabaseUnavailableException e) {
                noteIfUncertain(uncertain, stamp, e);
                pause(); // told once by the outage log; the results stay to be written
                continue;
            } catch (RuntimeException e) {
                noteIfUncertain(uncertain, stamp, e);
                getExceptionHandler().handleException("outbox:" + channel + ": could not claim due notifications", e);
                pause();
                continue;
            }
            if (claims.isEmpty()) {
                pause();
                continue;
            }
            if (claims.size() == batchSize) {
                wake();
            }
            List<DeliveryResult> results = new ArrayList<>(claims.size());
            long written = System.nanoTime();
            for (Claim claim : claims) {
                results.add(running ? dispatch(claim) : DeliveryResult.released(claim.row().notificationId()));
                // behind a slow provider, what is done is written as it goes: a crash then sends again at most
                // what was sent since the last write (the at-least-once window), not the whole batch
                if (System.nanoTime() - written > WRITE_AT_LEAST_EVERY_NANOS && results.size() < claims.size()) {
                    record(results);
                    results = new ArrayList<>(claims.size());
                    written = System.nanoTime();
                }
            }
            if (claims.size() < batchSize || !running) {
                // nothing more is due (or the service stops): no claim follows soon to carry the results
                record(results);
            } else {
                unwritten = results;
            }
        }
        record(unwritten);
    }

    private DeliveryResult dispatch(Claim claim) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(claim);
            TraceContext trace = claim.row().trace();
            if (trace != null) {
                // the channel route's span continues the trace of the event that planned the notification
                exchange.getMessage().setHeader("traceparent", trace.traceparent());
                if (trace.tracestate() != null) {
                    exchange.getMessage().setHeader("tracestate", trace.tracestate());
                }
            }
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            DeliveryResult result = exchange.getProperty(ExchangeProperties.DELIVERY_RESULT, DeliveryResult.class);
            if (result != null) {
                return result;
            }
            // the route ended without an outcome (its own error handling failed): looked at again after a poll interval
            Exception failure = exchange.getException();
            if (failure != null) {
                getExceptionHandler().handleException("outbox:" + channel + ": notification "
                        + claim.row().notificationId() + " had no outcome", exchange, failure);
            }
            Instant now = Instant.now();
            return new DeliveryResult(claim.row().notificationId(), DeliveryResult.Kind.LATER,
                    failure == null ? null : Redaction.mask(String.valueOf(failure.getMessage())), 0, 0,
                    now.plusMillis(pollMillis), now);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** The batch's results, tried until written: until then its notifications stay claimed by this instance. */
    private void record(List<DeliveryResult> results) {
        if (results.isEmpty()) {
            return;
        }
        while (true) {
            try {
                delivery.record(results);
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    // the claims end with this instance: another one, or the next start, takes them over
                    LOG.warn("outbox:{}: results of {} notifications not written while stopping ({}); they are"
                            + " claimed again after this instance stops beating", channel, results.size(), e.getMessage());
                    return;
                }
                if (!(e instanceof DatabaseUnavailableException)) {
                    LOG.warn("outbox:{}: could not write the results of {} notifications ({}); trying again", channel,
                            results.size(), e.getMessage());
                }
                pause();
            }
        }
    }

    private static void noteIfUncertain(List<Instant> uncertain, Instant stamp, RuntimeException failure) {
        if (Jdbc.mayHaveCommitted(failure)) {
            uncertain.add(stamp);
        }
    }

    private void pause() {
        try {
            wakeUps.tryAcquire(pollMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
