package io.ordercast.config;

import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.db.Jdbc;
import io.ordercast.ingest.ByteOrderMark;
import io.ordercast.ingest.IngestBatch;
import io.ordercast.ingest.ValidEvents;
import io.ordercast.tracking.BatchTracker;
import io.ordercast.ingest.EventSchemaErrors;
import io.ordercast.tracking.FollowUpFailures;
import io.ordercast.tracking.OrderEventCodec;
import io.ordercast.tracking.OrderTracker;
import io.ordercast.tracking.StateMachine;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest and tracking: the state machine from ordercast.tracking.transitions.*, the event codec and
 * the tracker that applies events to orders.
 */
public class TrackingConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(TrackingConfiguration.class);

    // Camel calls the methods below in an order of its own: what more than one of them uses is made
    // once, by whichever asks first
    private StateMachine stateMachine;
    private OrderEventCodec codec;

    @BindToRegistry("stateMachine")
    public StateMachine stateMachine(CamelContext context) {
        if (stateMachine == null) {
            Map<String, String> rows = Settings.of(context).withPrefix("ordercast.tracking.transitions.");
            stateMachine = StateMachine.fromProperties(rows);
            // the table as read from the properties files, the environment and system properties
            LOG.info("Order state machine: {}", rows.entrySet().stream()
                    .map(row -> row.getKey() + " -> " + (row.getValue().isBlank() ? "(end)" : row.getValue().trim()))
                    .collect(Collectors.joining("; ")));
        }
        return stateMachine;
    }

    @BindToRegistry("orderEventCodec")
    public OrderEventCodec orderEventCodec(CamelContext context) {
        if (codec == null) {
            codec = new OrderEventCodec(new ObjectMapper(), stateMachine(context));
        }
        return codec;
    }

    @BindToRegistry("orderTracker")
    public OrderTracker orderTracker(CamelContext context, Jdbc jdbc) {
        return new OrderTracker(jdbc, orderEventCodec(context), stateMachine(context),
                Settings.of(context).duration("ordercast.tracking.hold-window"), Clock.systemUTC());
    }

    @BindToRegistry("batchTracker")
    public BatchTracker batchTracker(CamelContext context, Jdbc jdbc) {
        return new BatchTracker(jdbc, orderEventCodec(context), stateMachine(context), Clock.systemUTC());
    }

    /** The split of a batch's messages gathers the valid events (routes/order-ingest.camel.yaml). */
    @BindToRegistry("validEvents")
    public ValidEvents validEvents() {
        return new ValidEvents();
    }

    @BindToRegistry("ingestBatch")
    public IngestBatch ingestBatch() {
        return new IngestBatch();
    }

    @BindToRegistry("followUpFailures")
    public FollowUpFailures followUpFailures(CamelContext context, Jdbc jdbc) {
        return new FollowUpFailures(jdbc, Settings.of(context).integer("ordercast.tracking.follow-up.max-attempts"));
    }

    @BindToRegistry("eventSchemaErrors")
    public EventSchemaErrors eventSchemaErrors() {
        return new EventSchemaErrors();
    }

    @BindToRegistry("byteOrderMark")
    public ByteOrderMark byteOrderMark() {
        return new ByteOrderMark();
    }
}
