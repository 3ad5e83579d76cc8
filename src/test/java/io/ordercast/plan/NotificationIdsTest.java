package io.ordercast.plan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationIdsTest {

    @Test
    void should_give_the_same_id_for_the_same_event_role_channel_and_device() {
        assertThat(NotificationIds.of("e-1", "buyer", "email", null)).isEqualTo(NotificationIds.of("e-1", "buyer", "email", null));
    }

    @Test
    void should_give_different_ids_when_any_part_differs() {
        String id = NotificationIds.of("e-1", "buyer", "push", "token-a");
        assertThat(id).isNotEqualTo(NotificationIds.of("e-2", "buyer", "push", "token-a"))
                .isNotEqualTo(NotificationIds.of("e-1", "seller", "push", "token-a"))
                .isNotEqualTo(NotificationIds.of("e-1", "buyer", "email", "token-a"))
                .isNotEqualTo(NotificationIds.of("e-1", "buyer", "push", "token-b"));
    }
}
