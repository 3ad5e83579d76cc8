package io.ordercast.notify;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

import io.ordercast.amqp.NotifyQueues;
import io.ordercast.amqp.QueueType;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Consumes a channel's quorum queues high first. With quorum queues a channel has one queue per priority
 * ({@link NotifyQueues}), each with consumers of its own; a notification from a lower queue waits here, before
 * it is claimed, while a higher queue of its channel has work: messages ready in the broker, or one being
 * delivered by this instance or finished less than {@code quiet} ago (the next prefetched one follows at once).
 * Messages a consumer has prefetched are not ready in the broker and not yet here: with a prefetch of 1 the
 * broker's count is the whole backlog and the order exact (docs/operations.md). It waits at most
 * {@code maximumWait}, so a lower priority still moves, slowly, under a flood of higher ones. With classic queues
 * (one priority queue per channel, ordered by the broker) it does nothing.
 */
public class PriorityGate {

    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration READY_COUNT_AGE = Duration.ofMillis(100);

    private final NotifyQueues queues;
    private final ToIntFunction<String> readyMessages;
    private final long quietNanos;
    private final long maximumWaitNanos;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Map<String, ReadyCount> readyCounts = new ConcurrentHashMap<>();

    /** @param readyMessages the number of messages ready in a queue (a passive declare) */
    public PriorityGate(NotifyQueues queues, ToIntFunction<String> readyMessages, Duration quiet, Duration maximumWait) {
        this.queues = queues;
        this.readyMessages = readyMessages;
        this.quietNanos = quiet.toNanos();
        this.maximumWaitNanos = maximumWait.toNanos();
    }

    public void awaitTurn(Exchange exchange) throws InterruptedException {
        if (queues.type() != QueueType.QUORUM) {
            return;
        }
        String channel = exchange.getProperty("ordercastChannel", String.class);
        List<String> channelQueues = queues.of(channel);
        // published to the default exchange, a notification's routing key is its queue's name
        int level = channelQueues.indexOf(exchange.getMessage().getHeader(SpringRabbitMQConstants.ROUTING_KEY, String.class));
        if (level > 0) {
            long deadline = System.nanoTime() + maximumWaitNanos;
            while (higherHasWork(channelQueues.subList(0, level)) && System.nanoTime() < deadline && running(exchange)) {
                Thread.sleep(POLL.toMillis());
            }
        }
        if (level >= 0) {
            Lane lane = lanes.computeIfAbsent(channelQueues.get(level), queue -> new Lane());
            lane.inProgress.incrementAndGet();
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    lane.lastDone.set(System.nanoTime());
                    lane.inProgress.decrementAndGet();
                }
            });
        }
    }

    private boolean higherHasWork(List<String> higherQueues) {
        for (String queue : higherQueues) {
            Lane lane = lanes.get(queue);
            if (lane != null && (lane.inProgress.get() > 0 || System.nanoTime() - lane.lastDone.get() < quietNanos)) {
                return true;
            }
            if (ready(queue) > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The broker's count of ready messages, asked at most every 100 ms per queue. The order is best effort and must
     * never fail a delivery: a broker that cannot answer counts as nothing waiting.
     */
    private int ready(String queue) {
        long now = System.nanoTime();
        ReadyCount known = readyCounts.get(queue);
        if (known == null || now - known.at > READY_COUNT_AGE.toNanos()) {
            int count;
            try {
                count = readyMessages.applyAsInt(queue);
            } catch (RuntimeException e) {
                count = 0;
            }
            known = new ReadyCount(count, now);
            readyCounts.put(queue, known);
        }
        return known.count;
    }

    /** A stopping route or service lets the waiting notification through: it is delivered as its shutdown allows. */
    private static boolean running(Exchange exchange) {
        CamelContext context = exchange.getContext();
        String route = exchange.getFromRouteId();
        return !context.isStopping()
                && (route == null || context.getRouteController().getRouteStatus(route) == ServiceStatus.Started);
    }

    private static final class Lane {
        final AtomicInteger inProgress = new AtomicInteger();
        final AtomicLong lastDone = new AtomicLong(System.nanoTime() - Duration.ofDays(1).toNanos());
    }

    private record ReadyCount(int count, long at) {
    }
}
