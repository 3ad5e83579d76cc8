package io.ordercast.ingest;

/**
 * A route's consumer of a broker queue, as readiness sees it: whether the broker delivers to it now. A reachable
 * broker is not enough: after the broker comes back, the connection answers seconds before the consumers are
 * consuming again.
 */
public interface QueueConsumer {

    String queue();

    /** True while at least one of its consumers is registered with the broker on an open channel. */
    boolean consuming();
}
