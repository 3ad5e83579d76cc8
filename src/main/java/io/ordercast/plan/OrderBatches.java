package io.ordercast.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.ordercast.common.Redaction;
import io.ordercast.plan.NotificationPlanner.CollectedPlan;
import io.ordercast.tracking.BatchTracker;
import io.ordercast.tracking.BatchTracker.BatchResult;
import io.ordercast.tracking.FollowUp;
import io.ordercast.tracking.OrderEvent;
import io.ordercast.tracking.TrackingResult;
import io.ordercast.observe.LogContext;
import io.ordercast.observe.TraceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest route's step for a batch of valid events: tracks them and plans the notifications of every APPLIED one
 * in one transaction ({@link BatchTracker}, the router through {@link RouterPlans}), then, once that is committed,
 * wakes the dispatchers of the channels that got notifications due at once. An event whose plan fails is still
 * tracked; its follow-up stays to do and the hold sweeper tries it again (routes/order-tracking.camel.yaml).
 */
public class OrderBatches {

    private static final Logger LOG = LoggerFactory.getLogger(OrderBatches.class);

    private final BatchTracker tracker;
    private final RouterPlans router;
    private final NotificationPlanner planner;
    private final Consumer<Set<String>> dueNow;

    /** @param dueNow told, after the commit, the channels that got notifications due at once */
    public OrderBatches(BatchTracker tracker, RouterPlans router, NotificationPlanner planner, Consumer<Set<String>> dueNow) {
        this.tracker = tracker;
        this.router = router;
        this.planner = planner;
        this.dueNow = dueNow;
    }

    /** @param traces the trace context each event's message carried, by event id (null or empty: none) */
    public BatchResult track(List<OrderEvent> events, Map<String, TraceContext> traces) {
        // held events released by this batch add the trace context stored with them
        Map<String, TraceContext> traced = traces == null ? new HashMap<>() : new HashMap<>(traces);
        Set<String> channels = new HashSet<>();
        BatchResult result = tracker.track(events, traced, applied -> plan(applied, traced, channels));
        if (!channels.isEmpty()) {
            dueNow.accept(channels);
        }
        for (TrackingResult r : result.results()) {
            LogContext.event(r.orderId(), r.eventId(), traced.get(r.eventId()));
            LOG.info("order {} event {}: {}{}", r.orderId(), r.eventId(), r.outcome(),
                    r.reason() == null ? "" : " " + r.reason());
        }
        LogContext.clear();
        return result;
    }

    /** Runs in the batch's transaction; returns the events whose plan could not be made. */
    private Set<String> plan(List<FollowUp> applied, Map<String, TraceContext> traces, Set<String> channels) {
        Set<String> failed = new HashSet<>();
        List<CollectedPlan> plans = new ArrayList<>(applied.size());
        for (FollowUp followUp : applied) {
            try {
                plans.add(router.plan(followUp, traces.get(followUp.eventId())));
            } catch (Exception e) {
                LOG.warn("order {} event {}: its notifications could not be planned ({}); the sweeper tries again",
                        followUp.orderId(), followUp.eventId(), Redaction.mask(String.valueOf(e.getMessage())));
                failed.add(followUp.eventId());
            }
        }
        channels.addAll(planner.recordAll(plans, traces));
        return failed;
    }
}
