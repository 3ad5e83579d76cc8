package io.ordercast.amqp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The channel queues of earlier versions, by name: what a start on RabbitMQ removes. */
class NotifyQueuesTest {

    @Test
    void should_name_one_priority_queue_per_channel_for_classic_queues() {
        NotifyQueues classic = new NotifyQueues(QueueType.CLASSIC);
        assertThat(classic.of("sms")).containsExactly("ordercast.notify.sms");
    }

    @Test
    void should_name_a_queue_per_priority_highest_first_for_quorum_queues() {
        NotifyQueues quorum = new NotifyQueues(QueueType.of(" Quorum "));
        assertThat(quorum.of("push")).containsExactly("ordercast.notify.push.high", "ordercast.notify.push.normal",
                "ordercast.notify.push.low");
    }

    @Test
    void should_name_the_setting_and_its_values_when_the_queue_type_is_unknown() {
        assertThatThrownBy(() -> QueueType.of("stream")).hasMessage(
                "ordercast.rabbitmq.queue-type is 'stream'; it must be classic or quorum");
    }
}
