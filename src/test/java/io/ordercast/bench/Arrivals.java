package io.ordercast.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the sinks received: the first arrival time of each notification id, and how many came twice. */
final class Arrivals {

    private final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> perChannel = new ConcurrentHashMap<>();
    private final AtomicLong repeated = new AtomicLong();

    void arrived(String channel, String notificationId) {
        long now = System.currentTimeMillis();
        perChannel.computeIfAbsent(channel, c -> new AtomicLong()).incrementAndGet();
        if (notificationId != null && firstArrival.putIfAbsent(notificationId, now) != null) {
            repeated.incrementAndGet();
        }
    }

    Long arrivedAt(String notificationId) {
        return firstArrival.get(notificationId);
    }

    long total() {
        return perChannel.values().stream().mapToLong(AtomicLong::get).sum();
    }

    long repeated() {
        return repeated.get();
    }
}
