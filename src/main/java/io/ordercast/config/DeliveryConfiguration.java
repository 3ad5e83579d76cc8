package io.ordercast.config;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.db.Jdbc;
import io.ordercast.dispatch.Dispatchers;
import io.ordercast.deadletter.DeadLetters;
import io.ordercast.dispatch.ChannelOutages;
import io.ordercast.dispatch.ChannelRetryPolicies;
import io.ordercast.dispatch.NotificationRetries;
import io.ordercast.channel.ProviderCircuits;
import io.ordercast.channel.ChannelAvailability;
import io.ordercast.deadletter.DeadLetterReplay;
import io.ordercast.dispatch.DeliveryResults;
import io.ordercast.digest.Digests;
import io.ordercast.dispatch.FrequencyCap;
import io.ordercast.dispatch.Instances;
import io.ordercast.dispatch.NotificationDelivery;
import io.ordercast.plan.NotificationPlanner;
import io.ordercast.plan.NotificationStore;
import io.ordercast.recipient.RecipientDevices;
import io.ordercast.recipient.RecipientPreferences;
import io.ordercast.observe.Tracing;
import io.ordercast.plan.OrderBatches;
import io.ordercast.plan.RouterPlans;
import io.ordercast.tracking.BatchTracker;
import io.ordercast.tracking.OrderTracker;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/**
 * Notifications from plan to provider: the planner, the batch step of the ingest, the channels' dispatchers, delivery
 * with its frequency cap and preferences, retries and dead letters, and the instance heartbeat that claims rely on.
 */
public class DeliveryConfiguration implements CamelConfiguration {

    private final Clock clock = Clock.systemUTC();
    private final ObjectMapper mapper = new ObjectMapper();
    // Camel calls the methods below in an order of its own: what more than one of them uses is made
    // once, by whichever asks first
    private NotificationStore notifications;
    private Instances instances;
    private RecipientPreferences preferences;
    private RedeliveryPolicy sharedRetryPolicy;
    private DeadLetters deadLetters;
    private NotificationPlanner planner;
    private Dispatchers dispatchers;
    private ChannelOutages outages;
    private Digests digests;

    @BindToRegistry("notificationPlanner")
    public NotificationPlanner notificationPlanner(CamelContext context, Jdbc jdbc, OrderTracker tracker,
                                                   ChannelAvailability channels) {
        if (planner == null) {
            planner = new NotificationPlanner(jdbc, notifications(jdbc), tracker, channels, recipientDevices(jdbc), clock,
                    Tracing.propagators(context), digests(context, jdbc));
        }
        return planner;
    }

    @BindToRegistry("instances")
    public Instances instances(CamelContext context, Jdbc jdbc) {
        if (instances == null) {
            instances = new Instances(jdbc, Settings.of(context).duration("ordercast.instance.timeout"), clock);
        }
        return instances;
    }

    /** The running channel dispatchers (outbox:&lt;channel&gt;), woken when due notifications are committed. */
    @BindToRegistry("dispatchers")
    public Dispatchers dispatchers() {
        if (dispatchers == null) {
            dispatchers = new Dispatchers();
        }
        return dispatchers;
    }

    /** The ingest's step for a batch of valid events: tracked and planned in one transaction. */
    @BindToRegistry("orderBatches")
    public OrderBatches orderBatches(CamelContext context, Jdbc jdbc, BatchTracker tracker, OrderTracker orderTracker,
                                     ChannelAvailability channels) {
        NotificationPlanner planner = notificationPlanner(context, jdbc, orderTracker, channels);
        return new OrderBatches(tracker, new RouterPlans(context, planner), planner, dispatchers()::wake);
    }

    @BindToRegistry("recipientPreferences")
    public RecipientPreferences recipientPreferences(Jdbc jdbc, ChannelAvailability channels) {
        if (preferences == null) {
            preferences = new RecipientPreferences(jdbc, channels.known(), clock);
        }
        return preferences;
    }

    @BindToRegistry("recipientDevices")
    public RecipientDevices recipientDevices(Jdbc jdbc) {
        return new RecipientDevices(jdbc, clock);
    }

    @BindToRegistry("notificationDelivery")
    public NotificationDelivery notificationDelivery(CamelContext context, Jdbc jdbc, ChannelAvailability channels) {
        Settings settings = Settings.of(context);
        FrequencyCap cap = new FrequencyCap(settings.integer("ordercast.notify.frequency-cap"),
                settings.duration("ordercast.notify.frequency-window"),
                Set.copyOf(settings.list("ordercast.notify.frequency-cap.roles")));
        return new NotificationDelivery(jdbc, notifications(jdbc), recipientPreferences(jdbc, channels), channels,
                mapper, cap, instances(context, jdbc), recipientDevices(jdbc), outages(settings), digests(context, jdbc), clock);
    }

    private Digests digests(CamelContext context, Jdbc jdbc) {
        if (digests == null) {
            digests = new Digests(jdbc, Settings.of(context).integer("ordercast.digest.max-items"));
        }
        return digests;
    }

    /** The messages of route notification-result (routes/notification-results.camel.yaml). */
    @BindToRegistry("deliveryResults")
    public DeliveryResults deliveryResults() {
        return new DeliveryResults(mapper);
    }

    /**
     * The retry numbers every channel shares (ordercast.notify.retry.*): the redeliveryPolicyRef of
     * error/notify-errors.camel.yaml. Read here, not through placeholders in the YAML, whose schema wants numbers
     * there: the route file stays valid as Camel's tooling reads it.
     */
    @BindToRegistry("notifyRetryPolicy")
    public RedeliveryPolicy notifyRetryPolicy(CamelContext context) {
        if (sharedRetryPolicy == null) {
            Settings settings = Settings.of(context);
            sharedRetryPolicy = ChannelRetryPolicies.shared(settings.integer("ordercast.notify.retry.maximum"),
                    settings.duration("ordercast.notify.retry.initial-delay"),
                    settings.decimal("ordercast.notify.retry.multiplier"),
                    settings.duration("ordercast.notify.retry.maximum-delay"));
        }
        return sharedRetryPolicy;
    }

    /**
     * Retries of the channel routes: the shared numbers ({@link #notifyRetryPolicy}) with a channel's own
     * ordercast.notify.<channel>.retry.* keys over them, checked now so a bad one stops the start naming it.
     */
    @BindToRegistry("notificationRetries")
    public NotificationRetries notificationRetries(CamelContext context, Jdbc jdbc, ChannelAvailability channels,
                                                   ProviderCircuits circuits) {
        Settings settings = Settings.of(context);
        Map<String, ChannelRetryPolicies.Overrides> overrides = new LinkedHashMap<>();
        for (String channel : channels.deliverable()) {
            String prefix = "ordercast.notify." + channel + ".retry.";
            overrides.put(channel, new ChannelRetryPolicies.Overrides(
                    settings.integerIfSet(prefix + "maximum").orElse(null),
                    settings.durationIfSet(prefix + "initial-delay").orElse(null),
                    settings.decimalIfSet(prefix + "multiplier").orElse(null),
                    settings.durationIfSet(prefix + "maximum-delay").orElse(null)));
        }
        ChannelRetryPolicies retryPolicies = new ChannelRetryPolicies(notifyRetryPolicy(context), overrides);
        return new NotificationRetries(retryPolicies, settings.duration("ordercast.notify.provider-down-wait"),
                settings.duration("ordercast.notify.max-age"), circuits, outages(settings), clock);
    }

    @BindToRegistry("deadLetters")
    public DeadLetters deadLetters(Jdbc jdbc) {
        if (deadLetters == null) {
            deadLetters = new DeadLetters(jdbc, mapper, clock);
        }
        return deadLetters;
    }

    @BindToRegistry("deadLetterReplay")
    public DeadLetterReplay deadLetterReplay(Jdbc jdbc) {
        return new DeadLetterReplay(jdbc, deadLetters(jdbc), notifications(jdbc), clock);
    }

    private ChannelOutages outages(Settings settings) {
        if (outages == null) {
            outages = new ChannelOutages(settings.duration("ordercast.notify.provider-down-wait"),
                    settings.duration("ordercast.notify.max-age"));
        }
        return outages;
    }

    private NotificationStore notifications(Jdbc jdbc) {
        if (notifications == null) {
            notifications = new NotificationStore(jdbc);
        }
        return notifications;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Jdbc jdbc = context.getRegistry().lookupByNameAndType("jdbc", Jdbc.class);
        Instances heartbeat = instances(context, jdbc);
        heartbeat.beatOrSkip();
        long beatMillis = Settings.of(context).duration("ordercast.instance.heartbeat-interval").toMillis();
        // not a timer route: an integrator's copy of the routes must not be able to drop it
        context.getExecutorServiceManager().newSingleThreadScheduledExecutor(heartbeat, "ordercast-heartbeat")
                .scheduleWithFixedDelay(heartbeat::beatOrSkip, beatMillis, beatMillis, TimeUnit.MILLISECONDS);
    }
}
