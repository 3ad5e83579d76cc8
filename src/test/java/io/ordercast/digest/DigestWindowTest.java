package io.ordercast.digest;

import java.time.Duration;
import java.time.Instant;

import io.ordercast.plan.NotificationIds;
import io.ordercast.plan.PlanLine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The window a digest line's notification joins, its id, and how the line is read from the router. */
class DigestWindowTest {

    private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");

    @Test
    void should_give_the_same_window_the_same_id_on_every_instance() {
        String id = DigestWindow.id("seller:s-88", "email", "order-to-ship", 3);

        assertThat(id).isEqualTo(DigestWindow.id("seller:s-88", "email", "order-to-ship", 3))
                .startsWith("dg-").hasSizeLessThanOrEqualTo(36);
        assertThat(DigestWindow.isDigest(id)).isTrue();
        assertThat(DigestWindow.isDigest(NotificationIds.of("e-1", "seller", "email", null))).isFalse();
    }

    @Test
    void should_give_each_window_recipient_and_line_an_id_of_its_own() {
        String id = DigestWindow.id("seller:s-88", "email", "order-to-ship", 3);

        assertThat(id).isNotEqualTo(DigestWindow.id("seller:s-88", "email", "order-to-ship", 4))
                .isNotEqualTo(DigestWindow.id("seller:s-89", "email", "order-to-ship", 3))
                .isNotEqualTo(DigestWindow.id("seller:s-88", "sms", "order-to-ship", 3))
                .isNotEqualTo(DigestWindow.id("seller:s-88", "email", "refund-to-review", 3));
    }

    @Test
    void should_take_notifications_while_open_before_its_end_and_under_max_items() {
        DigestWindow open = new DigestWindow("dg-1", 1, NOW.plusSeconds(60), 49, DigestWindow.OPEN);

        assertThat(open.takes(NOW, 50)).isTrue();
        assertThat(open.takes(NOW.plusSeconds(60), 50)).as("at its end the next window opens").isFalse();
        assertThat(open.takes(NOW, 49)).as("full").isFalse();
        assertThat(new DigestWindow("dg-1", 1, NOW.plusSeconds(60), 0, DigestWindow.CLOSED).takes(NOW, 50))
                .as("claimed for sending").isFalse();
        assertThat(new DigestWindow("dg-1", 1, NOW.plusSeconds(60), 0, DigestWindow.FULL).takes(NOW, 50)).isFalse();
    }

    @Test
    void should_read_a_digest_window_from_a_plan_line() {
        PlanLine line = PlanLine.of("seller", "email", "order-to-ship", "HIGH", null, "PT1H");

        assertThat(line.digest()).isEqualTo(Duration.ofHours(1));
        assertThat(line.digestTemplate()).isEqualTo("order-to-ship-digest");
        assertThat(PlanLine.of("seller", "email", "order-to-ship", "HIGH", null).digest()).isNull();
    }

    @Test
    void should_refuse_a_digest_window_that_is_not_a_positive_duration_or_comes_with_a_delay() {
        assertThatThrownBy(() -> PlanLine.of("seller", "email", "order-to-ship", "HIGH", null, "hourly"))
                .hasMessageContaining("digest 'hourly' is not an ISO-8601 duration");
        assertThatThrownBy(() -> PlanLine.of("seller", "email", "order-to-ship", "HIGH", null, "PT0S"))
                .hasMessageContaining("not positive");
        assertThatThrownBy(() -> PlanLine.of("seller", "email", "order-to-ship", "HIGH", "PT1H", "PT1H"))
                .hasMessageContaining("delay= or digest=, not both");
    }
}
