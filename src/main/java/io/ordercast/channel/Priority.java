package io.ordercast.channel;

/** Delivery priority; quiet hours defer LOW only. */
public enum Priority {
    HIGH, NORMAL, LOW;

    /** The column the dispatchers claim by, highest priority (0) first. */
    public int rank() {
        return ordinal();
    }

    public static Priority ofRank(int rank) {
        return values()[rank];
    }
}
