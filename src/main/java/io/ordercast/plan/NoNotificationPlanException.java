package io.ordercast.plan;

/** The router met a state it has no branch for: a state was added to the table but not to the router. */
public class NoNotificationPlanException extends RuntimeException {

    public NoNotificationPlanException(String message) {
        super(message);
    }
}
