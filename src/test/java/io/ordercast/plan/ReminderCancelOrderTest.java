package io.ordercast.plan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.channel.ChannelAvailability;
import io.ordercast.channel.ChannelDescriptor;
import io.ordercast.db.Jdbc;
import io.ordercast.recipient.RecipientDevices;
import io.ordercast.support.MigratedH2;
import io.ordercast.tracking.FollowUp;
import io.ordercast.tracking.OrderEvent;
import io.ordercast.tracking.OrderEventCodec;
import io.ordercast.tracking.OrderTracker;
import io.ordercast.tracking.Outcome;
import io.ordercast.tracking.Party;
import io.ordercast.tracking.StateMachine;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two consumers can follow up two events of one order at once, so a refund request's cancel of the review
 * reminder may run before the COMPLETED event's planning records that reminder. The reminder must still never
 * go out; a reminder of a later COMPLETED (the refund declined) is not caught by the old cancel.
 */
class ReminderCancelOrderTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final String REASON = "refund requested before the review reminder was due";

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private Jdbc jdbc;
    private NotificationPlanner planner;

    @BeforeEach
    void database() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        jdbc = MigratedH2.jdbc("reminders", clock);
        StateMachine states = StateMachine.contractDefault();
        OrderTracker tracker = new OrderTracker(jdbc, new OrderEventCodec(new ObjectMapper(), states), states,
                Duration.ofSeconds(30), clock);
        ChannelAvailability channels = new ChannelAvailability(Map.of("email", new ChannelDescriptor("email", "email",
                ChannelDescriptor.TemplateKind.HTML, List.of(), List.of("smtp"), null)), Set.of("email"), Map.of());
        planner = new NotificationPlanner(jdbc, new NotificationStore(jdbc), tracker, channels, new RecipientDevices(jdbc, clock), clock,
                null);
    }

    @Test
    void should_suppress_a_reminder_whose_event_is_planned_after_the_refund_cancelled_it() throws Exception {
        follow(event("REFUND_REQUESTED", 5), e -> planner.cancelPending(e, "review-reminder", REASON));
        follow(event("COMPLETED", 4), e -> planner.plan(e, PlanLine.of("buyer", "email", "review-reminder", "LOW", "P3D")));

        assertThat(reminders()).containsExactly(List.of("SUPPRESSED", REASON));
    }

    @Test
    void should_still_schedule_the_reminder_of_a_completion_after_the_cancel() throws Exception {
        follow(event("REFUND_REQUESTED", 5), e -> planner.cancelPending(e, "review-reminder", REASON));
        // the refund was declined: back to COMPLETED, a reminder of its own
        follow(event("COMPLETED", 6), e -> planner.plan(e, PlanLine.of("buyer", "email", "review-reminder", "LOW", "P3D")));

        assertThat(reminders()).containsExactly(java.util.Arrays.asList("PENDING", null));
    }

    @Test
    void should_suppress_a_reminder_recorded_before_the_cancel_as_before() throws Exception {
        follow(event("COMPLETED", 4), e -> planner.plan(e, PlanLine.of("buyer", "email", "review-reminder", "LOW", "P3D")));
        follow(event("REFUND_REQUESTED", 5), e -> planner.cancelPending(e, "review-reminder", REASON));

        assertThat(reminders()).containsExactly(List.of("SUPPRESSED", REASON));
    }

    private interface PlanStep {
        void apply(Exchange exchange) throws Exception;
    }

    private void follow(FollowUp followUp, PlanStep step) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(followUp);
        step.apply(exchange);
        planner.record(exchange);
    }

    private static FollowUp event(String state, long sequence) {
        Party buyer = new Party("u-1", "Li Lei", "lilei@example.com", null, "en");
        OrderEvent event = new OrderEvent("e-" + sequence, "SO-1", state, sequence,
                Instant.parse("2026-11-28T09:00:00Z").plusSeconds(sequence), buyer, new Party("s-1", "Acme", null, null, "en"),
                "{}");
        return new FollowUp(event, Outcome.APPLIED, null, null);
    }

    private List<List<String>> reminders() {
        return jdbc.sql().sql("SELECT status, last_error FROM notifications WHERE template = 'review-reminder'")
                .query((rs, n) -> java.util.Arrays.asList(rs.getString(1), rs.getString(2))).list();
    }
}
