package io.ordercast.notify;

/** Delivery priority; quiet hours defer LOW only. */
public enum Priority {
    HIGH, NORMAL, LOW
}
