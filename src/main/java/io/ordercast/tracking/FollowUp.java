package io.ordercast.tracking;

/**
 * An event decided APPLIED or REJECTED whose after-work (planning notifications, or copying the
 * event to the rejected queue) is still to do. The after-work is idempotent, so a follow-up may be
 * handed out again after a crash.
 */
public record FollowUp(OrderEvent event, Outcome outcome, String fromState, String reason) {

    public String eventId() {
        return event.eventId();
    }

    public String orderId() {
        return event.orderId();
    }

    public String state() {
        return event.state();
    }

    public String payload() {
        return event.payload();
    }

    /** A refund request answered by going back to the state before it (not REFUNDED): the refund was declined. */
    public boolean refundDeclined() {
        return "REFUND_REQUESTED".equals(fromState) && !"REFUNDED".equals(state());
    }
}
