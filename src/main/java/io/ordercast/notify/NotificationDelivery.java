package io.ordercast.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.common.Redaction;
import io.ordercast.db.Jdbc;
import io.ordercast.failure.Failure;
import io.ordercast.failure.FailureClassifier;
import io.ordercast.failure.NotificationRetries;
import io.ordercast.failure.ProviderRejectionException;
import io.ordercast.notify.NotificationStore.Row;
import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel consumers' side of a notification: takes it (once, however many copies of the queue
 * message arrive), decides whether it may be sent now (channel configured, recipient not opted out,
 * outside quiet hours for low priority, under the frequency cap) and records how it ended.
 */
public class NotificationDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationDelivery.class);

    private final Jdbc jdbc;
    private final NotificationStore store;
    private final RecipientPreferences preferences;
    private final ChannelAvailability channels;
    private final ObjectMapper mapper;
    private final FrequencyCap frequencyCap;
    private final Duration claimTimeout;
    private final Instances instances;
    private final RecipientDevices devices;
    private final Clock clock;

    public NotificationDelivery(Jdbc jdbc, NotificationStore store, RecipientPreferences preferences,
                                ChannelAvailability channels, ObjectMapper mapper, FrequencyCap frequencyCap,
                                Duration claimTimeout, Instances instances, RecipientDevices devices, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.preferences = preferences;
        this.channels = channels;
        this.mapper = mapper;
        this.frequencyCap = frequencyCap;
        this.claimTimeout = claimTimeout;
        this.instances = instances;
        this.devices = devices;
        this.clock = clock;
    }

    /**
     * Takes the notification named by a channel queue message and decides what to do with it: the
     * claim, the reads the decision needs and a SUPPRESSED or DEFERRED outcome are one transaction.
     * Once decided, the notification is named in the exchange for the steps and error handlers after it:
     * properties {@code notificationId} and {@code delivery}. (Set here rather than by two setProperty steps
     * of the route: {@code ${body.notificationId}} costs a bean call by reflection and an exchange copy per
     * message, and each step another defensive copy by the retrying error handler.)
     */
    public Delivery claim(String message, Exchange exchange) {
        Delivery delivery = claim(message);
        exchange.setProperty("notificationId", delivery.notificationId());
        exchange.setProperty("delivery", delivery);
        return delivery;
    }

    Delivery claim(String message) {
        String notificationId = notificationId(message);
        Instant now = clock.instant();
        return jdbc.inTransaction(() -> {
            Optional<Row> claimed = store.claim(notificationId, instances.self(), now, now.minus(claimTimeout),
                    instances.silentSince(now));
            if (claimed.isEmpty()) {
                return Delivery.skipped(notificationId, "not pending, or being sent by another consumer");
            }
            Row row = claimed.get();
            Delivery decided = decide(toDelivery(row), row, now);
            switch (decided.decision()) {
                case Delivery.SUPPRESSED -> store.markSuppressed(row.notificationId(), decided.reason(), now);
                case Delivery.DEFERRED -> store.defer(row.notificationId(), decided.deferUntil(), decided.reason(), now);
                default -> { }
            }
            return decided;
        });
    }

    /** Gives up this instance's claim on the notification in the exchange (it stops without sending it). */
    public void release(Exchange exchange) {
        store.releaseClaim(exchange.getProperty("notificationId", String.class), instances.self(), clock.instant());
    }

    /** Records the notification in the exchange as SENT. */
    public void sent(Exchange exchange) {
        Instant now = clock.instant();
        store.markSent(exchange.getProperty("notificationId", String.class), NotificationRetries.tries(exchange), now);
        exchange.setProperty(DeliveryResults.AT_PROPERTY, now);
    }

    /**
     * Records the notification in the exchange as FAILED, with the classified reason, when it goes to
     * the dead letter. Returns the reason.
     */
    public String failed(Exchange exchange) {
        Failure failure = NotificationRetries.failure(exchange);
        if (failure == null) {
            Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            failure = FailureClassifier.classify(e);
        }
        String reason = (failure.permanent() ? "permanent: " : "retries exhausted: ") + failure.reason();
        String notificationId = exchange.getProperty("notificationId", String.class);
        if (notificationId == null) {
            LOG.error("A channel message could not be read: {}", reason);
            return reason;
        }
        reason += forgetGoneDevice(exchange);
        // WARN, not ERROR: the service did its part (the reason is recorded, the dead letter can be replayed);
        // a provider that is down or refuses is the provider's condition, and ERROR is kept for our own faults
        LOG.warn("notification {} FAILED after {} tries: {}", notificationId, NotificationRetries.tries(exchange), reason);
        Instant now = clock.instant();
        store.markFailed(notificationId, reason, NotificationRetries.tries(exchange), now);
        exchange.setProperty(DeliveryResults.AT_PROPERTY, now);
        return reason;
    }

    /**
     * Forgets the device of a push the provider refused as gone (push-errors.md: UNREGISTERED, BadDeviceToken,
     * 410): the next notifications skip it. Returns what to add to the reason.
     */
    private String forgetGoneDevice(Exchange exchange) {
        ProviderRejectionException gone = ObjectHelper.getException(ProviderRejectionException.class,
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        Delivery delivery = exchange.getProperty("delivery", Delivery.class);
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

    private Delivery decide(Delivery delivery, Row row, Instant now) {
        String unavailable = channels.whyNot(row.channel());
        if (unavailable != null) {
            return delivery.withDecision(Delivery.SUPPRESSED, unavailable);
        }
        if (row.deviceToken() != null) {
            // the device may have been forgotten since planning (its provider said it is gone, or the app signed out)
            Optional<RecipientDevices.Device> device = devices.find(row.recipientId(), row.deviceToken());
            if (device.isEmpty()) {
                return delivery.withDecision(Delivery.SUPPRESSED, "device no longer registered");
            }
            String whyNot = channels.whyNot(row.channel(), device.get().platform());
            if (whyNot != null) {
                return delivery.withDecision(Delivery.SUPPRESSED, whyNot);
            }
            ChannelDescriptor descriptor = channels.descriptor(row.channel()).orElseThrow();
            delivery = delivery.viaProvider(descriptor.providerFor(device.get().platform()));
        }
        if (delivery.address() == null || delivery.address().isBlank()) {
            return delivery.withDecision(Delivery.SUPPRESSED, row.recipientRole() + " has no " + row.channel() + " address");
        }
        Preferences wanted = preferences.of(row.recipientId());
        if (wanted.optOut().contains(row.channel())) {
            return delivery.withDecision(Delivery.SUPPRESSED, "recipient opted out of " + row.channel());
        }
        if (row.priority() == Priority.LOW && wanted.quietHours() != null) {
            Optional<Instant> until = wanted.quietHours().endIfInside(now);
            if (until.isPresent()) {
                return delivery.deferredUntil(until.get(), "deferred by quiet hours until " + until.get());
            }
        }
        if (frequencyCap.applies(row.recipientRole()) && store.sentSince(row.recipient(), row.channel(),
                now.minus(frequencyCap.window()), frequencyCap.maximum()) >= frequencyCap.maximum()) {
            return delivery.withDecision(Delivery.SUPPRESSED, "frequency cap of " + frequencyCap.maximum() + " "
                    + row.channel() + " per " + frequencyCap.window() + " reached");
        }
        return delivery;
    }

    private Delivery toDelivery(Row row) {
        JsonNode event = parse(row.payload());
        JsonNode party = event.path(row.recipientRole());
        String address = row.deviceToken() != null ? row.deviceToken()
                : channels.descriptor(row.channel()).map(d -> d.address(party)).orElse(row.channel());
        return new Delivery(row.notificationId(), row.channel(), row.template(), row.locale(), row.priority(),
                row.recipient(), address, Delivery.SEND, null, TemplateModel.of(event, row.recipientRole(), row.locale()),
                row.payload(), null, null);
    }

    private String notificationId(String message) {
        JsonNode node = parse(message);
        String id = textOrNull(node, "notificationId");
        if (id == null) {
            throw new IllegalArgumentException("channel message without notificationId");
        }
        return id;
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
