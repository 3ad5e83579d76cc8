package io.ordercast.amqp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotifyQueuesTest {

    @Test
    void should_name_one_priority_queue_per_channel_for_classic_queues() {
        NotifyQueues classic = new NotifyQueues(QueueType.CLASSIC);
        assertThat(classic.of("sms")).containsExactly("ordercast.notify.sms");
        assertThat(classic.forPriority("sms", "LOW")).isEqualTo("ordercast.notify.sms");
        assertThat(classic.ofTheOtherType("sms")).containsExactly("ordercast.notify.sms.high",
                "ordercast.notify.sms.normal", "ordercast.notify.sms.low");
    }

    @Test
    void should_name_a_queue_per_priority_highest_first_for_quorum_queues() {
        NotifyQueues quorum = new NotifyQueues(QueueType.of(" Quorum "));
        assertThat(quorum.of("push")).containsExactly("ordercast.notify.push.high", "ordercast.notify.push.normal",
                "ordercast.notify.push.low");
        assertThat(quorum.forPriority("push", "NORMAL")).isEqualTo("ordercast.notify.push.normal");
        assertThat(quorum.ofTheOtherType("push")).containsExactly("ordercast.notify.push");
    }

    @Test
    void should_name_the_setting_and_its_values_when_the_queue_type_is_unknown() {
        assertThatThrownBy(() -> QueueType.of("stream")).hasMessage(
                "ordercast.rabbitmq.queue-type is 'stream'; it must be classic or quorum");
    }
}
