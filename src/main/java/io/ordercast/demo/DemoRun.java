package io.ordercast.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.api.ApiTokenGuard;
import io.ordercast.api.OrderQueries;
import io.ordercast.api.OrderQueries.NotificationEntry;
import io.ordercast.api.OrderQueries.OrderView;
import io.ordercast.api.OrderQueries.TimelineEntry;
import io.ordercast.recipient.RecipientDevices;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * {@code --demo}: once the service is up, plays an upstream order system. It publishes one full
 * order lifecycle, one event the state machine rejects and one body that is not JSON, then prints
 * what the service made of them. The service keeps running afterwards for the API to be tried.
 */
public class DemoRun extends MainListenerSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SAMPLE_ANDROID_TOKEN = "demo-phone:APA91bH-sample-fcm-registration-token-0000000000";
    static final String SAMPLE_IOS_TOKEN = "5a3f0c9e1b7d3f6a0c5e9b2d4f8a1c6e3b7d0f5a9c2e6b1d4f8a3c7e0b5ddec0";

    @Override
    public void afterStart(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        Thread demo = new Thread(() -> run(context), "ordercast-demo");
        demo.setDaemon(true);
        demo.start();
    }

    private void run(CamelContext context) {
        try {
            ConnectionFactory connections = context.getRegistry().findSingleByType(ConnectionFactory.class);
            OrderQueries orders = context.getRegistry().lookupByNameAndType("orderQueries", OrderQueries.class);
            RabbitTemplate upstream = new RabbitTemplate(connections);
            String orderId = "SO-DEMO-" + Instant.now().getEpochSecond();
            registerSampleDevices(context);

            List<String> lifecycle = List.of("CREATED", "PAID", "SHIPPED", "COMPLETED");
            for (int i = 0; i < lifecycle.size(); i++) {
                publish(upstream, event(orderId, lifecycle.get(i), i + 1));
            }
            // a CREATED after COMPLETED, next in sequence: the state machine rejects it at once
            publish(upstream, event(orderId, "CREATED", lifecycle.size() + 1));
            publish(upstream, "{\"eventId\": \"demo-broken\", \"orderId\": ".getBytes(StandardCharsets.UTF_8), "order.created");

            OrderView view = waitForTimeline(orders, orderId, lifecycle.size() + 1);
            print(view);
            printParked(upstream, OrdercastTopology.REJECTED_QUEUE);
            printParked(upstream, OrdercastTopology.INVALID_QUEUE);
            String port = context.getPropertiesComponent().resolveProperty("ordercast.http.port").orElseThrow();
            String token = context.getRegistry().lookupByNameAndType("apiTokenGuard", ApiTokenGuard.class).token();
            System.out.print(tryItYourself(port, token, orderId));
        } catch (Exception e) {
            System.out.println("demo failed: " + e.getMessage());
        }
    }

    /**
     * What a newcomer pastes into a shell to ask the running service about the demo order: the token it uses
     * (generated or configured) and the calls on the port it runs on.
     */
    static String tryItYourself(String port, String token, String orderId) {
        String base = "http://localhost:" + port;
        String bearer = "-H \"Authorization: Bearer $TOKEN\" ";
        return String.format("%nThe service keeps running (Ctrl+C stops it). Ask it yourself: paste these lines into a shell%n"
                + "  export TOKEN=%s%n"
                + "  curl %s%s/api/orders/%s%n"
                + "  curl %s%s/api/analytics/transitions%n"
                + "  curl %s/observe/metrics%n"
                + "  curl %s/observe/health%n"
                + "or open %s/ui/ in a browser, enter the token and search the order.%n",
                shellQuoted(token), bearer, base, orderId, bearer, base, base, base, base);
    }

    /** As is when the shell reads it as is (a generated token always is), else in single quotes. */
    private static String shellQuoted(String value) {
        return value.matches("[A-Za-z0-9._~+/=-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * The sample buyer's phone (android, FCM) and tablet (ios, APNs), as an app would register them with
     * PUT /api/recipients/u-1001/devices/{token}: each push of the order fans out to both.
     */
    private static void registerSampleDevices(CamelContext context) {
        RecipientDevices devices = context.getRegistry().lookupByNameAndType("recipientDevices", RecipientDevices.class);
        devices.register("u-1001", SAMPLE_ANDROID_TOKEN, Map.of("platform", "android"));
        devices.register("u-1001", SAMPLE_IOS_TOKEN, Map.of("platform", "ios"));
    }

    private static void publish(RabbitTemplate upstream, ObjectNode event) throws Exception {
        publish(upstream, JSON.writeValueAsBytes(event), "order." + event.get("state").asText().toLowerCase());
    }

    private static void publish(RabbitTemplate upstream, byte[] body, String routingKey) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType("application/json");
        upstream.send(OrdercastTopology.EVENTS_EXCHANGE, routingKey, new Message(body, properties));
    }

    private static ObjectNode event(String orderId, String state, int sequence) {
        ObjectNode event = SampleOrder.event(orderId, state);
        event.put("sequence", sequence);
        if (!"CREATED".equals(state) && !"PAID".equals(state)) {
            ObjectNode shipment = event.putObject("shipment");
            shipment.put("carrier", "SF Express");
            shipment.put("trackingNumber", "SF1234567890");
        }
        return event;
    }

    private static OrderView waitForTimeline(OrderQueries orders, String orderId, int events)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            try {
                OrderView view = orders.order(orderId);
                if (view.timeline().size() >= events) {
                    return view;
                }
            } catch (RuntimeException notYet) {
                // the first event is not tracked yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("order " + orderId + " did not reach " + events + " events within 30 s");
    }

    private static void print(OrderView view) {
        System.out.printf("%n=== ordercast demo: order %s is %s (sequence %s) ===%n",
                view.orderId(), view.state(), view.sequence());
        System.out.printf("%-4s %-18s %-9s %s%n", "seq", "state", "outcome", "reason");
        for (TimelineEntry entry : view.timeline()) {
            System.out.printf("%-4s %-18s %-9s %s%n", entry.sequence(), entry.state(), entry.outcome(),
                    entry.reason() == null ? "" : entry.reason());
        }
        List<NotificationEntry> notifications = view.notifications();
        System.out.printf("%nnotifications: %d, as they stand now (email goes to ordercast.smtp.host; sms and webhook"
                + " need ordercast.sms.url / ordercast.webhook.url; push goes to the buyer's two sample devices once FCM"
                + " (android) and APNs (ios) are set up: docs/integrators.md, Mobile push)%n", notifications.size());
        for (NotificationEntry n : notifications) {
            System.out.printf("  %-14s %-15s %-24s %-7s %-10s %s%n", n.recipient(),
                    n.device() == null ? n.channel() : n.channel() + " " + n.device(), n.template(),
                    n.priority(), n.status(), n.reason() == null ? "" : n.reason());
        }
    }

    /** Shows the first message of a parking queue and leaves it there. */
    private static void printParked(RabbitTemplate upstream, String queue) {
        upstream.execute(channel -> {
            var got = channel.basicGet(queue, false);
            if (got == null) {
                System.out.printf("%n%s: empty%n", queue);
                return null;
            }
            Object reason = got.getProps().getHeaders() == null ? null : got.getProps().getHeaders().get("x-ordercast-error");
            System.out.printf("%n%s: first message's x-ordercast-error: %s%n", queue, reason);
            channel.basicNack(got.getEnvelope().getDeliveryTag(), false, true);
            return null;
        });
    }
}
