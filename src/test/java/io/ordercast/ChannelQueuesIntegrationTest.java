package io.ordercast;

import java.util.List;
import java.util.Map;

import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.support.LogCapture;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The channel queues as a first run has them: SMS and webhooks not configured. */
class ChannelQueuesIntegrationTest {

    @Test
    void should_give_every_channel_route_its_queue_even_when_the_channel_is_not_configured() {
        // SMS and webhook notifications are SUPPRESSED here, but their consumer routes run, and a consumer
        // of a missing queue fails over and over (on the embedded broker it takes the connection, and with
        // it the event consumers, along)
        try (RunningService service = RunningService.start(Map.of("ordercast.outbox.channels", "email,sms,webhook"))) {
            assertThat(service.property("ordercast.sms.url")).isNull();
            for (String channel : List.of("email", "sms", "webhook")) {
                assertThat(service.queueExists(OrdercastTopology.NOTIFY_QUEUE_PREFIX + channel)).as(channel).isTrue();
                assertThat(service.context().getRouteController().getRouteStatus("notify-" + channel).isStarted())
                        .as(channel).isTrue();
            }
        }
    }

    @Test
    void should_give_a_channel_route_its_queue_when_the_channel_is_left_out_of_the_outbox() throws Exception {
        List<LogCapture.Line> lines;
        try (LogCapture log = LogCapture.begin();
             RunningService service = RunningService.start(Map.of("ordercast.outbox.channels", "email"))) {
            for (String channel : List.of("sms", "webhook")) {
                assertThat(service.queueExists(OrdercastTopology.NOTIFY_QUEUE_PREFIX + channel)).as(channel).isTrue();
            }
            // the listener container retries a missing queue every 5 s
            Thread.sleep(6_000);
            lines = log.lines();
        }
        assertThat(lines).noneMatch(l -> l.message().contains("Queue not present"));
    }
}
