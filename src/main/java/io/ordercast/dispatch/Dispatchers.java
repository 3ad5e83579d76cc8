package io.ordercast.dispatch;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The running dispatchers of each channel (the {@code outbox:<channel>} consumers of the channel routes), so that
 * whoever commits due notifications can wake them at once instead of leaving them to their next poll.
 */
public class Dispatchers {

    private final Map<String, List<OutboxConsumer>> byChannel = new ConcurrentHashMap<>();

    void register(String channel, OutboxConsumer consumer) {
        byChannel.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(consumer);
    }

    void unregister(String channel, OutboxConsumer consumer) {
        // a start that failed stops consumers that never registered
        List<OutboxConsumer> consumers = byChannel.get(channel);
        if (consumers != null) {
            consumers.remove(consumer);
        }
    }

    /** Tells the channels' dispatchers that notifications are due now. */
    public void wake(Collection<String> channels) {
        if (channels == null) {
            return;
        }
        for (String channel : channels) {
            wake(channel);
        }
    }

    public void wake(String channel) {
        byChannel.getOrDefault(channel, List.of()).forEach(OutboxConsumer::wake);
    }
}
