package io.ordercast.tracking;

/** What happened to one order event (docs/contract.md §2). */
public enum Outcome {
    APPLIED, DUPLICATE, STALE, HELD, REJECTED;

    /** Outcomes whose event still needs work after the tracking transaction: notifications or a rejected copy. */
    public boolean needsFollowUp() {
        return this == APPLIED || this == REJECTED;
    }
}
