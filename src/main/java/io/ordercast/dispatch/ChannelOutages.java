package io.ordercast.dispatch;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.ordercast.common.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells once that a channel's provider is down (its notifications wait PENDING) and once that it is back, instead
 * of a line per waiting notification per look.
 */
public class ChannelOutages {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelOutages.class);

    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final Duration look;
    private final Duration maxAge;

    public ChannelOutages(Duration look, Duration maxAge) {
        this.look = look;
        this.maxAge = maxAge;
    }

    /** A notification of the channel found its provider down. */
    public void down(String channel, String reason) {
        if (channel != null && down.add(channel)) {
            LOG.warn("{}: provider down ({}); its notifications wait PENDING, looked at again every {}, for up to {}"
                    + " (ordercast.notify.max-age) after they were planned", channel, Redaction.mask(reason), look, maxAge);
        }
    }

    /** A notification of the channel reached its provider. */
    public void up(String channel) {
        if (channel != null && !down.isEmpty() && down.remove(channel)) {
            LOG.info("{}: provider reachable again; its waiting notifications go out", channel);
        }
    }
}
