package io.ordercast.preview;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.ordercast.common.BadRequestException;
import io.ordercast.common.Redaction;
import io.ordercast.dispatch.Delivery;
import io.ordercast.dispatch.NotificationDelivery;
import io.ordercast.plan.NotificationPlanner;
import io.ordercast.plan.NotificationPlanner.CollectedPlan;
import io.ordercast.plan.PlannedNotification;
import io.ordercast.plan.RouterPlans;
import io.ordercast.tracking.FollowUp;
import io.ordercast.tracking.OrderEvent;
import io.ordercast.tracking.Outcome;
import io.ordercast.tracking.StateMachine;
import org.apache.camel.Header;

/**
 * The dry run of one event ({@code POST /api/preview}): the state machine's verdict from the state given, the live
 * router's plan ({@code direct:order-router}, as the ingest runs it), delivery's decision about each notification
 * and its rendered message. It reads the recipients' preferences and devices and writes nothing: no order, event or
 * notification row, no message to a provider or a queue.
 */
public class OrderPreview {

    private final StateMachine stateMachine;
    private final RouterPlans router;
    private final NotificationPlanner planner;
    private final NotificationDelivery delivery;
    private final RenderedContent content;
    private final Clock clock;

    public OrderPreview(StateMachine stateMachine, RouterPlans router, NotificationPlanner planner, NotificationDelivery delivery,
                 RenderedContent content, Clock clock) {
        this.stateMachine = stateMachine;
        this.router = router;
        this.planner = planner;
        this.delivery = delivery;
        this.content = content;
        this.clock = clock;
    }

    /**
     * @param from     the order's state before the event; blank: a new order
     * @param previous the state before {@code from}, which a declined refund returns to; blank: none
     */
    public PreviewAnswer preview(OrderEvent event, @Header("from") String from, @Header("previous") String previous)
            throws Exception {
        String current = state("from", from);
        String before = state("previous", previous);
        if (!stateMachine.allows(current, before, event.state())) {
            return PreviewAnswer.rejected(current == null ? StateMachine.NEW : current, "transition "
                    + (current == null ? StateMachine.NEW : current) + " -> " + event.state() + " is not allowed");
        }
        Instant planned = clock.instant();
        CollectedPlan plan = router.plan(new FollowUp(event, Outcome.APPLIED, current, null), null);
        List<PreviewAnswer.Notification> notifications = new ArrayList<>();
        for (PlannedNotification n : planner.notificationsOf(plan)) {
            Delivery decided = delivery.decideUnclaimed(n, event.payload(), n.notBefore() == null ? planned : n.notBefore());
            String digest = n.digest() == null ? null : n.digest().toString();
            boolean joins = digest != null && Delivery.SEND.equals(decided.decision());
            notifications.add(new PreviewAnswer.Notification(n.template(), role(n.recipient()), n.channel(),
                    n.priority().name(), n.locale(), n.deviceToken() == null ? null : Redaction.token(n.deviceToken()),
                    delay(planned, n.notBefore()), digest, joins ? "DIGEST" : decided.decision(),
                    joins ? "joins a digest of " + digest : decided.reason(), content.of(decided)));
        }
        List<PreviewAnswer.Cancel> cancels = plan.cancels().stream()
                .map(cancel -> new PreviewAnswer.Cancel(cancel[1], cancel[2])).toList();
        return new PreviewAnswer("APPLIED", event.state(), null, notifications, cancels);
    }

    private String state(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String state = value.trim().toUpperCase(Locale.ROOT);
        if (StateMachine.NEW.equals(state)) {
            return null;
        }
        if (!stateMachine.isKnown(state)) {
            throw new BadRequestException(parameter + ": unknown state '" + Redaction.mask(value) + "' (known: "
                    + StateMachine.NEW + ", " + String.join(", ", stateMachine.states()) + ")");
        }
        return state;
    }

    private static String role(String recipient) {
        int colon = recipient.indexOf(':');
        return colon < 0 ? recipient : recipient.substring(0, colon);
    }

    /** The plan's due time less the time it was planned at, to the second: the plan line's delay. */
    private static String delay(Instant planned, Instant due) {
        if (due == null) {
            return null;
        }
        Duration delay = Duration.ofSeconds(Math.round(Duration.between(planned, due).toMillis() / 1000.0));
        long days = delay.toDays();
        return delay.equals(Duration.ofDays(days)) ? "P" + days + "D" : delay.toString();
    }
}
