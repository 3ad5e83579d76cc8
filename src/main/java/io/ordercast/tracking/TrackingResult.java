package io.ordercast.tracking;

import java.util.List;

/** The outcome of one event plus every follow-up the same transaction produced (including released held events). */
public record TrackingResult(String eventId, String orderId, Outcome outcome, String reason, List<FollowUp> followUps) {
}
