package io.ordercast.notify;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ordercast.amqp.NotifyQueues;
import io.ordercast.amqp.QueueType;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PriorityGateTest {

    private final CamelContext context = new DefaultCamelContext();
    private final AtomicInteger highReady = new AtomicInteger();

    @AfterEach
    void stop() throws Exception {
        context.close();
    }

    private PriorityGate gate(QueueType type, Duration maximumWait) {
        return new PriorityGate(new NotifyQueues(type), queue -> queue.endsWith(".high") ? highReady.get() : 0,
                Duration.ofMillis(50), maximumWait);
    }

    private Exchange from(String queue) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty("ordercastChannel", "email");
        exchange.getMessage().setHeader(SpringRabbitMQConstants.ROUTING_KEY, queue);
        return exchange;
    }

    private CompletableFuture<Void> awaitTurn(PriorityGate gate, Exchange exchange) {
        return CompletableFuture.runAsync(() -> {
            try {
                gate.awaitTurn(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void should_hold_a_normal_notification_while_high_ones_are_ready_and_let_it_go_when_they_are_gone() throws Exception {
        PriorityGate gate = gate(QueueType.QUORUM, Duration.ofSeconds(30));
        highReady.set(3);
        CompletableFuture<Void> normal = awaitTurn(gate, from("ordercast.notify.email.normal"));
        Thread.sleep(300);
        assertThat(normal).isNotDone();

        highReady.set(0);
        normal.get(2, TimeUnit.SECONDS);
    }

    @Test
    void should_hold_a_low_notification_while_a_high_one_is_being_delivered() throws Exception {
        PriorityGate gate = gate(QueueType.QUORUM, Duration.ofSeconds(30));
        Exchange high = from("ordercast.notify.email.high");
        gate.awaitTurn(high); // not held: nothing is above it
        CompletableFuture<Void> low = awaitTurn(gate, from("ordercast.notify.email.low"));
        Thread.sleep(300);
        assertThat(low).isNotDone();

        // the high notification's delivery ends: its unit of work runs the completions
        high.getExchangeExtension().handoverCompletions().forEach(completion -> completion.onComplete(high));
        low.get(2, TimeUnit.SECONDS);
    }

    @Test
    void should_let_a_lower_priority_through_after_the_maximum_wait_under_a_flood_of_higher_ones() {
        PriorityGate gate = gate(QueueType.QUORUM, Duration.ofMillis(400));
        highReady.set(1_000);
        long started = System.nanoTime();
        CompletableFuture<Void> normal = awaitTurn(gate, from("ordercast.notify.email.normal"));
        await().atMost(Duration.ofSeconds(3)).until(normal::isDone);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void should_let_a_notification_through_when_the_broker_cannot_say_what_waits() throws Exception {
        PriorityGate gate = new PriorityGate(new NotifyQueues(QueueType.QUORUM), queue -> {
            throw new IllegalStateException("channel closed");
        }, Duration.ofMillis(50), Duration.ofSeconds(30));
        awaitTurn(gate, from("ordercast.notify.email.low")).get(1, TimeUnit.SECONDS);
    }

    @Test
    void should_hold_nothing_with_classic_queues_where_the_broker_orders_by_priority() throws Exception {
        PriorityGate gate = gate(QueueType.CLASSIC, Duration.ofSeconds(30));
        highReady.set(3);
        awaitTurn(gate, from("ordercast.notify.email")).get(1, TimeUnit.SECONDS);
    }
}
