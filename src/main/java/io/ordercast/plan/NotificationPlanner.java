package io.ordercast.plan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.opentelemetry.context.propagation.ContextPropagators;
import io.ordercast.channel.ChannelAvailability;
import io.ordercast.channel.ChannelDescriptor;
import io.ordercast.db.Jdbc;
import io.ordercast.digest.Digests;
import io.ordercast.observe.TraceContext;
import io.ordercast.recipient.RecipientDevices;
import io.ordercast.tracking.FollowUp;
import io.ordercast.tracking.OrderTracker;
import io.ordercast.tracking.Party;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

/**
 * Collects the notifications that the router's branch for a state asks for ({@link #plan}), then
 * records them as one batch ({@link #record}) together with the mark that the event's follow-up is
 * done. Ids are deterministic and existing rows are kept, so planning an event twice records it once.
 */
public class NotificationPlanner {

    static final String PLAN_PROPERTY = "ordercastPlan";
    static final String CANCEL_PROPERTY = "ordercastPlanCancels";
    /** Plan lines of a device channel, one per recipient, fanned out to the devices in {@link #record}. */
    static final String DEVICE_PLAN_PROPERTY = "ordercastPlanDevices";
    /** ordercast.digest.max-items as shipped. */
    public static final int DEFAULT_DIGEST_MAX_ITEMS = 50;

    private final Jdbc jdbc;
    private final NotificationStore store;
    private final OrderTracker tracker;
    private final ChannelAvailability channels;
    private final RecipientDevices devices;
    private final Clock clock;
    /** null while tracing is off: no trace context is kept. */
    private final ContextPropagators propagators;
    private final Digests digests;

    public NotificationPlanner(Jdbc jdbc, NotificationStore store, OrderTracker tracker, ChannelAvailability channels,
                               RecipientDevices devices, Clock clock, ContextPropagators propagators) {
        this(jdbc, store, tracker, channels, devices, clock, propagators, new Digests(jdbc, DEFAULT_DIGEST_MAX_ITEMS));
    }

    public NotificationPlanner(Jdbc jdbc, NotificationStore store, OrderTracker tracker, ChannelAvailability channels,
                               RecipientDevices devices, Clock clock, ContextPropagators propagators, Digests digests) {
        this.digests = digests;
        this.jdbc = jdbc;
        this.store = store;
        this.tracker = tracker;
        this.channels = channels;
        this.devices = devices;
        this.clock = clock;
        this.propagators = propagators;
    }

    /** Adds one notification to the plan of the event in the exchange body (a {@link FollowUp}). */
    public void plan(Exchange exchange, PlanLine line) throws InvalidPayloadException {
        add(exchange, line);
    }

    /** The line, if its channel is one this installation knows: a misspelt channel is an error, not SUPPRESSED. */
    public PlanLine checked(PlanLine line) {
        if (!channels.known().contains(line.channel())) {
            throw new IllegalArgumentException("unknown channel '" + line.channel() + "' (known: " + channels.known() + ")");
        }
        return line;
    }

    /** Suppresses the order's still-pending notifications from {@code template}, saying why. */
    public void cancelPending(Exchange exchange, String template, String reason) throws InvalidPayloadException {
        FollowUp followUp = exchange.getMessage().getMandatoryBody(FollowUp.class);
        cancels(exchange).add(new String[] { followUp.orderId(), template, reason });
    }

    /**
     * Records the collected plan of one event and marks its follow-up done, in one transaction (the sweeper's
     * path, for an event whose plan could not be recorded with its batch). Returns the channels that got
     * notifications due at once, for their dispatchers.
     */
    public Set<String> record(Exchange exchange) throws InvalidPayloadException {
        FollowUp followUp = exchange.getMessage().getMandatoryBody(FollowUp.class);
        List<PlannedNotification> plan = List.copyOf(plans(exchange));
        List<String[]> cancels = List.copyOf(cancels(exchange));
        List<DeviceLine> devicePlans = List.copyOf(devicePlans(exchange));
        exchange.removeProperty(PLAN_PROPERTY);
        exchange.removeProperty(CANCEL_PROPERTY);
        exchange.removeProperty(DEVICE_PLAN_PROPERTY);
        boolean scheduled = plan.stream().anyMatch(n -> n.notBefore() != null)
                || devicePlans.stream().anyMatch(n -> n.shape().notBefore() != null);
        // kept with each notification, so its dispatch, whenever it is due, goes on in this trace
        TraceContext trace = TraceContext.current(propagators);
        return jdbc.inTransaction(() -> {
            Instant now = clock.instant();
            if (scheduled || !cancels.isEmpty()) {
                // two consumers may follow up two events of one order at once: the order's lock puts a cancel and
                // the scheduling it cancels one after the other, and the recorded cancel catches an earlier
                // event's reminder planned after it (only these events pay for the lock)
                tracker.lockOrder(followUp.orderId());
            }
            for (String[] cancel : cancels) {
                store.suppressPending(cancel[0], cancel[1], cancel[2], now);
                store.recordCancel(cancel[0], cancel[1], followUp.event(), cancel[2], now);
            }
            List<PlannedNotification> all = new ArrayList<>(plan);
            devicePlans.forEach(perRecipient -> all.addAll(toEachDevice(perRecipient)));
            Set<String> dueNow = new HashSet<>();
            List<PlannedNotification> inDigests = all.stream().filter(PlannedNotification::joinsDigest).toList();
            if (!inDigests.isEmpty()) {
                all.removeIf(PlannedNotification::joinsDigest);
                dueNow.addAll(digests.join(inDigests, traceOfAll(inDigests, trace), now));
            }
            for (PlannedNotification planned : all) {
                PlannedNotification n = planned;
                if (n.notBefore() != null && "PENDING".equals(n.status())) {
                    n = store.cancelOf(n.orderId(), n.template(), followUp.event()).map(planned::suppressed).orElse(planned);
                }
                if (store.insertIfAbsent(n, trace, now) && n.publishNow()) {
                    dueNow.add(n.channel());
                }
            }
            tracker.markFollowedUp(followUp.eventId()); // joins this transaction
            return dueNow;
        });
    }

    /**
     * What the router's branch asked for one event, taken off the exchange the router ran on: the batch records
     * the plans of all its events together ({@link #recordAll}).
     */
    public record CollectedPlan(FollowUp followUp, List<PlannedNotification> plan, List<DeviceLine> devicePlans,
                                List<String[]> cancels) {
    }

    /** The plan the router collected on {@code exchange} for its event. */
    public CollectedPlan collected(Exchange exchange) throws InvalidPayloadException {
        FollowUp followUp = exchange.getMessage().getMandatoryBody(FollowUp.class);
        return new CollectedPlan(followUp, List.copyOf(plans(exchange)), List.copyOf(devicePlans(exchange)),
                List.copyOf(cancels(exchange)));
    }

    /**
     * The notifications {@link #recordAll} would record for a collected plan, its device lines fanned out to the
     * devices registered now; reads only, records nothing (the preview's dry run).
     */
    public List<PlannedNotification> notificationsOf(CollectedPlan plan) {
        List<PlannedNotification> all = new ArrayList<>(plan.plan());
        plan.devicePlans().forEach(line -> all.addAll(toEachDevice(line)));
        return all;
    }

    /**
     * Records the plans of a batch of events inside the caller's transaction, which holds the orders' locks: the
     * recipients' devices, the cancels that apply and the inserts are one statement each, whatever the number of
     * events. Returns the channels that got notifications due at once.
     */
    public Set<String> recordAll(List<CollectedPlan> plans, Map<String, TraceContext> traces) {
        Instant now = clock.instant();
        // with tracing on, each notification goes on in the trace its event's message carried, else in the batch's
        TraceContext batchTrace = TraceContext.current(propagators);
        for (CollectedPlan p : plans) {
            for (String[] cancel : p.cancels()) {
                store.suppressPending(cancel[0], cancel[1], cancel[2], now);
                store.recordCancel(cancel[0], cancel[1], p.followUp().event(), cancel[2], now);
            }
        }
        Set<String> recipients = new HashSet<>();
        Set<String> scheduledOrders = new HashSet<>();
        for (CollectedPlan p : plans) {
            p.devicePlans().forEach(line -> recipients.add(line.recipientId()));
            p.plan().stream().filter(n -> n.notBefore() != null).forEach(n -> scheduledOrders.add(n.orderId()));
            p.devicePlans().stream().filter(n -> n.shape().notBefore() != null).forEach(n -> scheduledOrders.add(n.shape().orderId()));
        }
        Map<String, List<RecipientDevices.Device>> devicesByRecipient = devices.ofAll(recipients);
        List<NotificationStore.Cancel> cancels = store.cancelsOf(scheduledOrders);
        List<PlannedNotification> all = new ArrayList<>();
        Map<String, TraceContext> traceOf = new HashMap<>();
        for (CollectedPlan p : plans) {
            traceOf.put(p.followUp().eventId(), propagators == null ? null
                    : traces.getOrDefault(p.followUp().eventId(), batchTrace));
            List<PlannedNotification> ofEvent = new ArrayList<>(p.plan());
            p.devicePlans().forEach(line -> ofEvent.addAll(toEachDevice(line,
                    devicesByRecipient.getOrDefault(line.recipientId(), List.of()))));
            for (PlannedNotification n : ofEvent) {
                if (n.notBefore() != null && "PENDING".equals(n.status())) {
                    all.add(cancels.stream().filter(c -> c.orderId().equals(n.orderId()) && c.template().equals(n.template())
                                    && c.after(p.followUp().event()))
                            .findFirst().map(c -> n.suppressed(c.reason())).orElse(n));
                } else {
                    all.add(n);
                }
            }
        }
        // only a batch that planned a digest line pays for digests
        List<PlannedNotification> inDigests = all.stream().filter(PlannedNotification::joinsDigest).toList();
        if (inDigests.isEmpty()) {
            return store.insertAllIfAbsent(all, traceOf, now);
        }
        all.removeIf(PlannedNotification::joinsDigest);
        Set<String> dueNow = new HashSet<>(store.insertAllIfAbsent(all, traceOf, now));
        dueNow.addAll(digests.join(inDigests, traceOf, now));
        return dueNow;
    }

    private static Map<String, TraceContext> traceOfAll(List<PlannedNotification> planned, TraceContext trace) {
        Map<String, TraceContext> traces = new HashMap<>();
        if (trace != null) {
            planned.forEach(n -> traces.put(n.eventId(), trace));
        }
        return traces;
    }

    // a scheduled notification (a delay) waits in the database until it is due, so it survives restarts
    private void add(Exchange exchange, PlanLine line) throws InvalidPayloadException {
        FollowUp followUp = exchange.getMessage().getMandatoryBody(FollowUp.class);
        String roleKey = line.role();
        String channelKey = line.channel();
        String template = line.template();
        Duration delay = line.delay();
        Party party = switch (roleKey) {
            case "buyer" -> followUp.event().buyer();
            case "seller" -> followUp.event().seller();
            default -> null;
        };
        String recipient = party == null ? roleKey : roleKey + ":" + party.id();
        String locale = party == null || party.locale() == null ? "en" : party.locale();
        // a scheduled notification is a second one of the same event, role and channel: its id says which
        String idKey = delay == null ? followUp.eventId() : followUp.eventId() + "#" + template;
        Instant notBefore = delay == null ? null : clock.instant().plus(delay);
        String unavailable = missingAddress(roleKey, channelKey, party);
        if (unavailable == null) {
            unavailable = channels.whyNot(channelKey);
        }
        boolean reachesDevices = channels.descriptor(channelKey).map(ChannelDescriptor::reachesDevices).orElse(false);
        if (unavailable == null && reachesDevices && party != null) {
            // the recipient's devices are read in record()'s transaction: no round trip of its own per plan line
            devicePlans(exchange).add(new DeviceLine(idKey, roleKey, party.id(), new PlannedNotification(null,
                    followUp.orderId(), followUp.eventId(), recipient, channelKey, template, locale, line.priority(),
                    "PENDING", null, notBefore, null)));
            return;
        }
        plans(exchange).add(new PlannedNotification(
                NotificationIds.of(idKey, roleKey, channelKey, null), followUp.orderId(),
                followUp.eventId(), recipient, channelKey, template, locale,
                line.priority(),
                unavailable == null ? "PENDING" : "SUPPRESSED", unavailable, notBefore, null, line.digest()));
    }

    @SuppressWarnings("unchecked")
    private static List<PlannedNotification> plans(Exchange exchange) {
        List<PlannedNotification> plan = exchange.getProperty(PLAN_PROPERTY, List.class);
        if (plan == null) {
            plan = new ArrayList<>();
            exchange.setProperty(PLAN_PROPERTY, plan);
        }
        return plan;
    }

    /** A plan line of a device channel for one recipient, before it is fanned out to the recipient's devices. */
    public record DeviceLine(String idKey, String role, String recipientId, PlannedNotification shape) {

        PlannedNotification to(String deviceToken, String whyNot) {
            PlannedNotification n = shape;
            return new PlannedNotification(NotificationIds.of(idKey, role, n.channel(), deviceToken), n.orderId(),
                    n.eventId(), n.recipient(), n.channel(), n.template(), n.locale(), n.priority(),
                    whyNot == null ? "PENDING" : "SUPPRESSED", whyNot, n.notBefore(), deviceToken);
        }
    }

    /**
     * One notification per registered device of the recipient (docs/contract.md §3), each with its own id, status and
     * retries; SUPPRESSED when the device's provider is off, or one SUPPRESSED when there is no device at all.
     */
    private List<PlannedNotification> toEachDevice(DeviceLine line) {
        return toEachDevice(line, devices.of(line.recipientId()));
    }

    private List<PlannedNotification> toEachDevice(DeviceLine line, List<RecipientDevices.Device> registered) {
        String channel = line.shape().channel();
        if (registered.isEmpty()) {
            return List.of(line.to(null, line.role() + " has no " + channel + " device registered"));
        }
        return registered.stream().map(device -> line.to(device.token(), channels.whyNot(channel, device.platform())))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<DeviceLine> devicePlans(Exchange exchange) {
        List<DeviceLine> plan = exchange.getProperty(DEVICE_PLAN_PROPERTY, List.class);
        if (plan == null) {
            plan = new ArrayList<>();
            exchange.setProperty(DEVICE_PLAN_PROPERTY, plan);
        }
        return plan;
    }

    @SuppressWarnings("unchecked")
    private static List<String[]> cancels(Exchange exchange) {
        List<String[]> cancels = exchange.getProperty(CANCEL_PROPERTY, List.class);
        if (cancels == null) {
            cancels = new ArrayList<>();
            exchange.setProperty(CANCEL_PROPERTY, cancels);
        }
        return cancels;
    }

    private String missingAddress(String role, String channel, Party party) {
        if (("buyer".equals(role) || "seller".equals(role)) && party == null) {
            return "the event names no " + role;
        }
        return channels.descriptor(channel).map(d -> d.missingAddress(role, party)).orElse(null);
    }
}
