package io.ordercast.plan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.ordercast.config.ApiConfiguration;
import io.ordercast.config.ChannelsConfiguration;
import io.ordercast.config.SmtpConfiguration;
import io.ordercast.config.DeliveryConfiguration;
import io.ordercast.config.InfrastructureConfiguration;
import io.ordercast.config.ObserveConfiguration;
import io.ordercast.config.PreviewConfiguration;
import io.ordercast.config.PushConfiguration;
import io.ordercast.config.TrackingConfiguration;
import io.ordercast.tracking.FollowUp;
import io.ordercast.tracking.OrderEvent;
import io.ordercast.tracking.Outcome;
import io.ordercast.tracking.Party;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The content-based router of routes/order-router.camel.yaml, booted by camel-test-main with the real
 * configuration and YAML: each state's branch plans the notifications of docs/contract.md §3, recorded by an event's
 * follow-up (route order-follow-up: the router, then the plan's record).
 */
@CamelMainTest(configurationClasses = { SmtpConfiguration.class, ChannelsConfiguration.class, PushConfiguration.class, InfrastructureConfiguration.class,
        TrackingConfiguration.class, DeliveryConfiguration.class, ApiConfiguration.class, PreviewConfiguration.class, ObserveConfiguration.class }, properties = {
        "ordercast.rabbitmq.url=embedded",
        "ordercast.db.url=jdbc:h2:mem:router-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
        "ordercast.http.port=0",
        "ordercast.api.token=route-test" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderRouterRouteIT {

    @BeanInject
    ProducerTemplate producer;

    @BeanInject("dataSource")
    DataSource dataSource;

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource(delimiter = '|', value = {
            "CREATED          | NEW              | buyer:email:order-created:NORMAL buyer:push:order-created:NORMAL",
            "PAID             | CREATED          | buyer:email:order-paid:HIGH buyer:push:order-paid:HIGH seller:email:order-to-ship:HIGH carrier:webhook:order-paid:HIGH",
            "SHIPPED          | PAID             | buyer:sms:order-shipped:HIGH buyer:push:order-shipped:HIGH buyer:email:order-shipped:HIGH",
            "COMPLETED        | SHIPPED          | buyer:push:order-completed:NORMAL buyer:email:order-completed:NORMAL buyer:email:review-reminder:LOW",
            "CANCELLED        | CREATED          | buyer:email:order-cancelled:HIGH buyer:push:order-cancelled:HIGH",
            "CANCELLED        | PAID             | buyer:email:order-cancelled:HIGH buyer:push:order-cancelled:HIGH seller:email:order-cancelled-seller:HIGH",
            "REFUND_REQUESTED | COMPLETED        | buyer:email:refund-requested:HIGH seller:email:refund-to-review:HIGH",
            "REFUNDED         | REFUND_REQUESTED | buyer:email:order-refunded:HIGH buyer:sms:order-refunded:HIGH buyer:push:order-refunded:HIGH",
            "SHIPPED          | REFUND_REQUESTED | buyer:email:refund-declined:HIGH buyer:push:refund-declined:HIGH"
    })
    void should_plan_the_contracts_notifications_for_each_state(String state, String from, String expected) throws Exception {
        FollowUp applied = applied(state, "NEW".equals(from) ? null : from);

        producer.sendBody("direct:order-follow-up", applied);

        assertThat(planned(applied.eventId())).containsExactlyInAnyOrder(expected.split(" "));
    }

    @Test
    void should_plan_an_event_once_when_it_is_routed_twice() throws Exception {
        FollowUp applied = applied("PAID", "CREATED");

        producer.sendBody("direct:order-follow-up", applied);
        producer.sendBody("direct:order-follow-up", applied);

        assertThat(planned(applied.eventId())).hasSize(4);
    }

    @Test
    void should_fail_loudly_on_a_state_without_a_branch() {
        FollowUp unknown = applied("ON_HOLD", "CREATED");

        assertThatThrownBy(() -> producer.sendBody("direct:order-router", unknown))
                .isInstanceOf(CamelExecutionException.class)
                .hasCauseInstanceOf(NoNotificationPlanException.class)
                .cause().hasMessageContaining("no branch for state ON_HOLD");
    }

    private static FollowUp applied(String state, String fromState) {
        Party buyer = new Party("u-1001", "李雷", "lilei@example.com", "+8613800000000", "zh-CN");
        Party seller = new Party("s-88", "Acme Store", "ops@acme.example", null, "zh-CN");
        OrderEvent event = new OrderEvent(UUID.randomUUID().toString(), "SO-ROUTER", state, null, Instant.now(),
                buyer, seller, "{}");
        return new FollowUp(event, Outcome.APPLIED, fromState, null);
    }

    private List<String> planned(String eventId) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT recipient, channel, template, priority FROM notifications WHERE event_id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1).replaceAll(":.*", "") + ":" + rs.getString(2) + ":" + rs.getString(3)
                            + ":" + rs.getString(4));
                }
            }
        }
        return rows;
    }
}
