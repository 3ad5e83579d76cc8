package io.ordercast.routes;

/**
 * The exchange properties that carry data between the YAML routes and the Java beans, by name. Java reads them
 * through these constants (bean parameters annotated {@code @ExchangeProperty}); a route file writes the name
 * itself ({@code ${exchangeProperty.notificationId}}, {@code setProperty: name: ...}), so a rename here is a
 * rename in these route files too:
 * <pre>
 * notificationId           routes/notify-channels, dead-letters, notification-results; error/results-errors
 * delivery                 routes/channel-push (the device's provider)
 * ordercastChannel         routes/notify-channels (set from the template), dead-letters (the dead letter's body)
 * ordercastRetryAt         routes/dead-letters (a failure to try again later)
 * ordercastDeliveryResult  routes/notification-results (its kind, SENT or FAILED)
 * failureReason            routes/dead-letters (set from notificationDelivery.failed)
 * deliveryResult           routes/notification-results (set); error/results-errors (its WARN line)
 * followUpEventId          routes/order-tracking (set); error/tracking-errors (its DEBUG line)
 * ordercastRawEvent        routes/order-ingest (set); error/ingest-errors (the parked copy)
 * ordercastEventTraces     routes/order-ingest (the batch's trace contexts, for orderBatches.track)
 * </pre>
 * The others pass between beans only; no route file names them.
 */
public final class ExchangeProperties {

    /** The claimed notification's id (notificationDelivery.decide). */
    public static final String NOTIFICATION_ID = "notificationId";
    /** The claimed notification's {@code io.ordercast.dispatch.Delivery} (notificationDelivery.decide). */
    public static final String DELIVERY = "delivery";
    /** The channel of a channel route, from its template parameter. */
    public static final String CHANNEL = "ordercastChannel";
    /** Retries the notification had spent before this turn (the row's count). */
    public static final String RETRIES_SPENT = "ordercastRetriesSpent";
    /** When the notification was planned: a provider outage is waited out for ordercast.notify.max-age from then. */
    public static final String PLANNED_AT = "ordercastPlannedAt";
    /** The classified failure of this turn ({@code io.ordercast.channel.Failure}). */
    public static final String FAILURE = "ordercastFailure";
    /** When a failed notification is due again; absent when it fails for good. */
    public static final String RETRY_AT = "ordercastRetryAt";
    /** Retries this turn's failure spent: 1 for a transient failure, 0 for a wait for the provider. */
    public static final String RETRY_SPENT_NOW = "ordercastRetrySpentNow";
    /** How the notification's turn ended ({@code io.ordercast.dispatch.DeliveryResult}), for its dispatcher. */
    public static final String DELIVERY_RESULT = "ordercastDeliveryResult";
    /** Why a notification failed for good, as its dead letter and its FAILED row record it. */
    public static final String FAILURE_REASON = "failureReason";
    /** SENT or FAILED, on a tapped delivery result: named in the WARN line when its publish fails. */
    public static final String RESULT_STATUS = "deliveryResult";
    /** The event whose follow-up the hold sweeper is trying. */
    public static final String FOLLOW_UP_EVENT_ID = "followUpEventId";
    /** The bytes of the one event an exchange is about, as received: what a parked copy holds. */
    public static final String RAW_EVENT = "ordercastRawEvent";
    /** The W3C trace context each event's message carried, by event id: its notifications go on in that trace. */
    public static final String EVENT_TRACES = "ordercastEventTraces";
    /** Delivery tags of the batch's messages already parked as invalid. */
    public static final String PARKED = "ordercastParked";
    /** Set when the ingest gives a whole batch back to the broker (the service stops while the database is down). */
    public static final String GIVE_BACK = "ordercastGiveBack";

    private ExchangeProperties() {
    }
}
