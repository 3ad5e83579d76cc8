package io.ordercast.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.channel.ChannelAvailability;
import io.ordercast.channel.ChannelDescriptor;
import io.ordercast.channel.Priority;
import io.ordercast.channel.TemplateModel;
import io.ordercast.common.Redaction;
import io.ordercast.db.Jdbc;
import io.ordercast.channel.Failure;
import io.ordercast.channel.FailureClassifier;
import io.ordercast.channel.ProviderRejectionException;
import io.ordercast.digest.DigestModel;
import io.ordercast.digest.DigestWindow;
import io.ordercast.digest.Digests;
import io.ordercast.plan.NotificationStore;
import io.ordercast.plan.NotificationStore.Row;
import io.ordercast.plan.PlannedNotification;
import io.ordercast.recipient.Preferences;
import io.ordercast.recipient.RecipientDevices;
import io.ordercast.recipient.RecipientPreferences;
import io.ordercast.routes.ExchangeProperties;
import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel dispatchers' side of a notification: claims a channel's due notifications in batches, with what
 * the decision about each needs read in the same transaction ({@link #claim}); decides whether one may be sent now
 * (channel configured, device still registered, recipient not opted out, outside quiet hours for low priority,
 * under the frequency cap) as the first step of its channel route ({@link #decide}); notes how it ended on its
 * exchange ({@link #sent}, {@link #notSent}, {@link #later}, {@link #failed}); and writes a batch's results in one
 * transaction ({@link #record}).
 */
public class NotificationDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationDelivery.class);

    private final Jdbc jdbc;
    private final NotificationStore store;
    private final RecipientPreferences preferences;
    private final ChannelAvailability channels;
    private final ObjectMapper mapper;
    private final FrequencyCap frequencyCap;
    private final Instances instances;
    private final RecipientDevices devices;
    private final ChannelOutages outages;
    private final Digests digests;
    private final Clock clock;
    private final AtomicReference<Instant> lastStamp = new AtomicReference<>(Instant.EPOCH);

    public NotificationDelivery(Jdbc jdbc, NotificationStore store, RecipientPreferences preferences,
                                ChannelAvailability channels, ObjectMapper mapper, FrequencyCap frequencyCap,
                                Instances instances, RecipientDevices devices, ChannelOutages outages, Digests digests,
                                Clock clock) {
        this.digests = digests;
        this.jdbc = jdbc;
        this.store = store;
        this.preferences = preferences;
        this.channels = channels;
        this.mapper = mapper;
        this.frequencyCap = frequencyCap;
        this.instances = instances;
        this.devices = devices;
        this.outages = outages;
        this.clock = clock;
    }

    /**
     * A claimed notification with what deciding about it takes: its recipient's preferences, its device (push;
     * null when no longer registered), and the frequency cap's count, shared by the batch so that the batch's
     * own sends count too. {@code digest}: a digest's members still to be listed, null for a notification of its own.
     */
    public record Claim(Row row, Preferences preferences, RecipientDevices.Device device, Map<String, Integer> sentRecently,
                        List<Digests.Member> digest) {

        public Claim(Row row, Preferences preferences, RecipientDevices.Device device, Map<String, Integer> sentRecently) {
            this(row, preferences, device, sentRecently, null);
        }
    }

    /**
     * The time that marks the next claim of this instance: now, to the microsecond the database keeps, and later
     * than every earlier mark, so that it names one claim alone ({@link #claim}).
     */
    public Instant claimStamp() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return lastStamp.accumulateAndGet(now, (last, next) -> next.isAfter(last) ? next : last.plus(1, ChronoUnit.MICROS));
    }

    /**
     * Writes the results of the dispatcher's last batch and claims its next one, in one transaction: a dispatcher
     * at work commits once per batch. {@code stamp} ({@link #claimStamp}) marks this claim's rows. A claim whose
     * transaction failed without an answer (the connection cut at commit) may have committed all the same: its
     * rows would stay claimed by this live instance, which no other takes over and this one no longer holds. Its
     * stamp comes back in {@code uncertain}, and its rows, if any, are released first.
     */
    public List<Claim> claim(String channel, int limit, List<DeliveryResult> previous, Instant stamp,
                             List<Instant> uncertain) {
        return jdbc.inTransaction(() -> {
            Instant now = stamp;
            if (!previous.isEmpty()) {
                store.record(previous, now);
                digests.recordMembers(previous, now);
            }
            if (!uncertain.isEmpty()) {
                store.releaseClaims(channel, instances.self(), uncertain);
            }
            List<String> ids = store.claimDue(channel, instances.self(), now, instances.silentSince(now), limit);
            List<Row> rows = store.rows(ids);
            List<String> digestIds = ids.stream().filter(DigestWindow::isDigest).toList();
            Map<String, List<Digests.Member>> members = Map.of();
            if (!digestIds.isEmpty()) {
                members = digests.close(digestIds, instances.self(), now);
                Map<String, List<Digests.Member>> closed = members;
                // a digest a planner is joining right now was released, to be claimed at the next poll
                rows = rows.stream().filter(r -> !DigestWindow.isDigest(r.notificationId())
                        || closed.containsKey(r.notificationId())).toList();
                ids = rows.stream().map(Row::notificationId).toList();
            }
            Set<String> recipientIds = new HashSet<>();
            Set<String> withDevices = new HashSet<>();
            Set<String> capped = new HashSet<>();
            for (Row row : rows) {
                if (row.recipientId() != null) {
                    recipientIds.add(row.recipientId());
                    if (row.deviceToken() != null) {
                        withDevices.add(row.recipientId());
                    }
                }
                if (frequencyCap.applies(row.recipientRole())) {
                    capped.add(row.recipient());
                }
            }
            Map<String, Preferences> wanted = preferences.ofAll(recipientIds);
            Map<String, List<RecipientDevices.Device>> registered = devices.ofAll(withDevices);
            if (!capped.isEmpty()) {
                // another dispatcher's claim of the channel, not committed yet, would escape this count: the cap's
                // decisions of one channel take turns (only batches with capped recipients wait)
                store.lockChannel(channel);
            }
            Map<String, Integer> sent = new HashMap<>(store.sentOrSendingSince(capped, channel,
                    now.minus(frequencyCap.window()), ids));
            List<Claim> claims = new ArrayList<>(rows.size());
            for (Row row : rows) {
                RecipientDevices.Device device = row.deviceToken() == null ? null
                        : registered.getOrDefault(row.recipientId(), List.of()).stream()
                                .filter(d -> d.token().equals(row.deviceToken())).findFirst().orElse(null);
                claims.add(new Claim(row, row.recipientId() == null ? Preferences.NONE
                        : wanted.getOrDefault(row.recipientId(), Preferences.NONE), device, sent,
                        members.get(row.notificationId())));
            }
            return claims;
        });
    }

    /**
     * Decides what to do with a claimed notification, from what its claim read: SEND, SUPPRESSED (why) or DEFERRED
     * (until when). Names the notification in the exchange for the steps and error handlers after it: properties
     * {@code notificationId} and {@code delivery}, and what its retries need.
     */
    public Delivery decide(Claim claim, Exchange exchange) {
        Row row = claim.row();
        exchange.setProperty(ExchangeProperties.NOTIFICATION_ID, row.notificationId());
        exchange.setProperty(ExchangeProperties.RETRIES_SPENT, row.retries());
        exchange.setProperty(ExchangeProperties.PLANNED_AT, row.createdAt());
        Delivery delivery = decide(toDelivery(row, claim.digest()), claim, clock.instant());
        exchange.setProperty(ExchangeProperties.DELIVERY, delivery);
        return delivery;
    }

    /**
     * What {@link #decide} would decide for a planned notification if it were claimed at {@code at}: its recipient's
     * preferences, its device and the frequency cap's count are read as a claim reads them, but nothing is claimed,
     * locked or written (the preview's dry run). A notification the plan already suppressed stays so.
     */
    public Delivery decideUnclaimed(PlannedNotification planned, String payload, Instant at) {
        Row row = new Row(planned.notificationId(), planned.orderId(), planned.eventId(), planned.recipient(),
                planned.channel(), planned.template(), planned.locale(), planned.priority(), planned.status(), 0, payload,
                planned.deviceToken(), 0, at, null);
        Delivery delivery = toDelivery(row, null);
        if (Delivery.SUPPRESSED.equals(planned.status())) {
            return delivery.withDecision(Delivery.SUPPRESSED, planned.reason());
        }
        String recipientId = row.recipientId();
        Preferences wanted = recipientId == null ? Preferences.NONE
                : preferences.ofAll(Set.of(recipientId)).getOrDefault(recipientId, Preferences.NONE);
        RecipientDevices.Device device = row.deviceToken() == null ? null
                : devices.find(recipientId, row.deviceToken()).orElse(null);
        Map<String, Integer> sent = new HashMap<>();
        if (frequencyCap.applies(row.recipientRole())) {
            sent.putAll(store.sentOrSendingSince(Set.of(row.recipient()), row.channel(), at.minus(frequencyCap.window()),
                    List.of()));
        }
        return decide(delivery, new Claim(row, wanted, device, sent), at);
    }

    /** Notes the notification in the exchange as SENT. */
    public void sent(Exchange exchange) {
        Instant now = clock.instant();
        outages.up(exchange.getProperty(ExchangeProperties.CHANNEL, String.class));
        exchange.setProperty(ExchangeProperties.DELIVERY_RESULT, new DeliveryResult(exchange.getProperty(ExchangeProperties.NOTIFICATION_ID, String.class),
                DeliveryResult.Kind.SENT, null, NotificationRetries.tries(exchange), 0, null, now));
    }

    /** Notes a notification the decision did not send: SUPPRESSED for good, or DEFERRED until its time. */
    public void notSent(Exchange exchange) {
        Delivery delivery = exchange.getProperty(ExchangeProperties.DELIVERY, Delivery.class);
        Instant now = clock.instant();
        DeliveryResult result = Delivery.DEFERRED.equals(delivery.decision())
                ? new DeliveryResult(delivery.notificationId(), DeliveryResult.Kind.LATER, delivery.reason(), 0, 0,
                        delivery.deferUntil(), now)
                : new DeliveryResult(delivery.notificationId(), DeliveryResult.Kind.SUPPRESSED, delivery.reason(), 0, 0, null,
                        now);
        exchange.setProperty(ExchangeProperties.DELIVERY_RESULT, result);
    }

    /**
     * Notes a failed send that is tried again later, at the time the retry decision gave
     * ({@link NotificationRetries}): the row waits for it, durably, instead of the message in memory.
     */
    public void later(Exchange exchange) {
        Failure failure = NotificationRetries.failure(exchange);
        exchange.setProperty(ExchangeProperties.DELIVERY_RESULT, new DeliveryResult(exchange.getProperty(ExchangeProperties.NOTIFICATION_ID, String.class),
                DeliveryResult.Kind.LATER, failure == null ? null : Redaction.mask(failure.reason()),
                // attempts count the tries that spend the retry budget: a wait for a provider that is down is none
                NotificationRetries.retriesSpentNow(exchange), NotificationRetries.retriesSpentNow(exchange),
                NotificationRetries.retryAt(exchange), clock.instant()));
    }

    /**
     * Notes the notification in the exchange as FAILED, with the classified reason, when it goes to the dead
     * letter. Returns the reason.
     */
    public String failed(Exchange exchange) {
        Failure failure = NotificationRetries.failure(exchange);
        if (failure == null) {
            Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            failure = FailureClassifier.classify(e);
        }
        String reason = (failure.permanent() ? "permanent: " : "retries exhausted: ") + failure.reason();
        String notificationId = exchange.getProperty(ExchangeProperties.NOTIFICATION_ID, String.class);
        if (notificationId == null) {
            LOG.error("A claimed notification could not be read: {}", reason);
            return reason;
        }
        reason += forgetGoneDevice(exchange);
        // WARN, not ERROR: the service did its part (the reason is recorded, the dead letter can be replayed);
        // a provider that is down or refuses is the provider's condition, and ERROR is kept for our own faults
        LOG.warn("notification {} FAILED after {} tries: {}", notificationId, NotificationRetries.triesSoFar(exchange), reason);
        Instant now = clock.instant();
        exchange.setProperty(ExchangeProperties.DELIVERY_RESULT, new DeliveryResult(notificationId, DeliveryResult.Kind.FAILED, reason,
                NotificationRetries.tries(exchange), 0, null, now));
        return reason;
    }

    /** Writes a batch's results in one transaction. */
    public void record(List<DeliveryResult> results) {
        if (!results.isEmpty()) {
            jdbc.inTransaction(() -> {
                Instant now = clock.instant();
                store.record(results, now);
                digests.recordMembers(results, now);
            });
        }
    }

    /**
     * Forgets the device of a push the provider refused as gone (docs/push-errors.md: UNREGISTERED, BadDeviceToken,
     * 410): the next notifications skip it. Returns what to add to the reason.
     */
    private String forgetGoneDevice(Exchange exchange) {
        ProviderRejectionException gone = ObjectHelper.getException(ProviderRejectionException.class,
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        Delivery delivery = exchange.getProperty(ExchangeProperties.DELIVERY, Delivery.class);
        if (gone == null || gone.verdict() != ProviderRejectionException.Verdict.DEVICE_GONE || delivery == null
                || delivery.recipientId() == null || delivery.address() == null) {
            return "";
        }
        boolean forgotten = devices.forget(delivery.recipientId(), delivery.address(), gone.unregisteredAt());
        LOG.info("notification {}: device {} of {} {}", delivery.notificationId(), Redaction.token(delivery.address()),
                delivery.recipient(), forgotten ? "forgotten, its provider says it is gone"
                        : "kept: registered again after its provider saw it gone");
        return forgotten ? "; device forgotten" : "; device kept (registered again since)";
    }

    private Delivery decide(Delivery delivery, Claim claim, Instant now) {
        Row row = claim.row();
        String unavailable = channels.whyNot(row.channel());
        if (unavailable != null) {
            return delivery.withDecision(Delivery.SUPPRESSED, unavailable);
        }
        if (row.deviceToken() != null) {
            // the device may have been forgotten since planning (its provider said it is gone, or the app signed out)
            if (claim.device() == null) {
                return delivery.withDecision(Delivery.SUPPRESSED, "device no longer registered");
            }
            String whyNot = channels.whyNot(row.channel(), claim.device().platform());
            if (whyNot != null) {
                return delivery.withDecision(Delivery.SUPPRESSED, whyNot);
            }
            ChannelDescriptor descriptor = channels.descriptor(row.channel()).orElseThrow();
            delivery = delivery.viaProvider(descriptor.providerFor(claim.device().platform()));
        }
        if (delivery.address() == null || delivery.address().isBlank()) {
            return delivery.withDecision(Delivery.SUPPRESSED, row.recipientRole() + " has no " + row.channel() + " address");
        }
        if (claim.digest() != null && claim.digest().isEmpty()) {
            return delivery.withDecision(Delivery.SUPPRESSED, "every order of the digest was cancelled or refunded");
        }
        Preferences wanted = claim.preferences();
        if (wanted.optOut().contains(row.channel())) {
            return delivery.withDecision(Delivery.SUPPRESSED, "recipient opted out of " + row.channel());
        }
        // a digest is by its nature not urgent: quiet hours hold it back whatever its priority
        if ((row.priority() == Priority.LOW || claim.digest() != null) && wanted.quietHours() != null) {
            Optional<Instant> until = wanted.quietHours().endIfInside(now);
            if (until.isPresent()) {
                return delivery.deferredUntil(until.get(), "deferred by quiet hours until " + until.get());
            }
        }
        if (frequencyCap.applies(row.recipientRole())) {
            int sent = claim.sentRecently().getOrDefault(row.recipient(), 0);
            if (sent >= frequencyCap.maximum()) {
                return delivery.withDecision(Delivery.SUPPRESSED, "frequency cap of " + frequencyCap.maximum() + " "
                        + row.channel() + " per " + frequencyCap.window() + " reached");
            }
            claim.sentRecently().put(row.recipient(), sent + 1);
        }
        return delivery;
    }

    private Delivery toDelivery(Row row, List<Digests.Member> digest) {
        JsonNode event = parse(row.payload());
        Map<String, Object> model = digest == null ? TemplateModel.of(event, row.recipientRole(), row.locale())
                : DigestModel.of(row.notificationId(), event, digest.stream().map(m -> parse(m.payload())).toList(),
                        row.recipientRole(), row.locale());
        JsonNode party = event.path(row.recipientRole());
        String address = row.deviceToken() != null ? row.deviceToken()
                : channels.descriptor(row.channel()).map(d -> d.address(party)).orElse(row.channel());
        return new Delivery(row.notificationId(), row.channel(), row.template(), row.locale(), row.priority(),
                row.recipient(), address, Delivery.SEND, null, model,
                row.payload(), null, null);
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
