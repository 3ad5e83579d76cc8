package io.ordercast.tracking;

import java.time.Instant;

/**
 * One order event after validation. {@code payload} is the event's JSON exactly as received,
 * so that fields the service does not read (items, shipment, refund, extras) are kept.
 */
public record OrderEvent(String eventId, String orderId, String state, Long sequence, Instant occurredAt,
                         Party buyer, Party seller, String payload) {

    public boolean hasSequence() {
        return sequence != null;
    }
}
