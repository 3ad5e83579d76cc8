package io.ordercast.amqp;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * {@code java -jar ordercast.jar publish <file.json> [more files]}: plays the upstream order system for one event
 * per file. Each file's JSON goes to exchange order.events with routing key order.&lt;state in lower case&gt;,
 * persistent, as application/json, and waits for the broker's confirm. The broker is ordercast.rabbitmq.url
 * (-D, else the environment's ORDERCAST_RABBITMQ_URL, else application.properties); the embedded broker of a
 * running service is named in that service's log at start.
 */
public final class PublishCommand {

    public static final String NAME = "publish";
    private static final String URL_KEY = "ordercast.rabbitmq.url";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PublishCommand() {
    }

    /** The command as the jar runs it; the exit code: 0 when every file was published and confirmed, else 1. */
    public static int run(List<String> files, PrintStream out) {
        return publish(brokerUrl(System.getProperty(URL_KEY), System.getenv()), files, out);
    }

    /** The broker to publish to: the -D property, else the environment variable, else the packaged default. */
    public static String brokerUrl(String property, Map<String, String> environment) {
        if (property != null && !property.isBlank()) {
            return property.trim();
        }
        String fromEnvironment = environment.get("ORDERCAST_RABBITMQ_URL");
        return fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment.trim() : packagedDefault();
    }

    /** Publishes each file to the broker at {@code url}; what happened goes to {@code out}, one line a file. */
    public static int publish(String url, List<String> files, PrintStream out) {
        if (files.isEmpty()) {
            out.println("usage: java -jar target/ordercast.jar publish <file.json> [more files]"
                    + " (samples: docs/examples/*.json)");
            return 1;
        }
        if (url == null || url.isBlank() || "embedded".equals(url)) {
            out.println("publish: ordercast.rabbitmq.url is 'embedded'; the embedded broker lives inside a running"
                    + " service, which logs at start the command that reaches it (\"publish with: ORDERCAST_RABBITMQ_URL=..."
                    + " java -jar target/ordercast.jar publish ...\"); or set ORDERCAST_RABBITMQ_URL to your RabbitMQ");
            return 1;
        }
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(url);
        } catch (Exception e) {
            out.println("publish: ordercast.rabbitmq.url is not an amqp:// URL: " + e.getMessage());
            return 1;
        }
        factory.setConnectionTimeout(10_000);
        String peer = RabbitConnections.peer(url);
        int failed = 0;
        AtomicReference<String> unrouted = new AtomicReference<>();
        try (Connection connection = factory.newConnection("ordercast-publish");
             Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.addReturnListener(returned -> unrouted.set(returned.getReplyText()));
            for (String file : files) {
                unrouted.set(null);
                failed += publishOne(channel, file, unrouted, out) ? 0 : 1;
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            // RuntimeException: the client's ShutdownSignalException, e.g. when exchange order.events does not exist
            out.println("publish: the broker at " + peer + " did not take the events: " + message(e));
            return 1;
        }
        return failed == 0 ? 0 : 1;
    }

    private static boolean publishOne(Channel channel, String file, AtomicReference<String> unrouted, PrintStream out) throws IOException {
        byte[] body;
        JsonNode event;
        try {
            body = Files.readAllBytes(Path.of(file));
            event = JSON.readTree(body);
        } catch (IOException e) {
            out.println(file + ": not published: " + message(e));
            return false;
        }
        JsonNode state = event == null ? null : event.get("state");
        if (state == null || !state.isTextual() || state.asText().isBlank()) {
            out.println(file + ": not published: it has no \"state\" to route it by");
            return false;
        }
        String routingKey = "order." + state.asText().toLowerCase(Locale.ROOT);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2)
                .build();
        channel.basicPublish(OrdercastTopology.EVENTS_EXCHANGE, routingKey, true, properties, body);
        try {
            channel.waitForConfirmsOrDie(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the broker's confirm", e);
        } catch (TimeoutException e) {
            throw new IOException("no confirm within 10 s", e);
        }
        if (unrouted.get() != null) {
            // a return comes before the confirm: no queue is bound for this routing key
            out.printf("%s: not delivered: no queue takes routing key %s (%s)%n", file, routingKey, unrouted.get());
            return false;
        }
        out.printf("%s: published to %s with routing key %s (order %s)%n", file, OrdercastTopology.EVENTS_EXCHANGE,
                routingKey, event.path("orderId").asText("?"));
        return true;
    }

    private static String packagedDefault() {
        Properties packaged = new Properties();
        try (InputStream in = PublishCommand.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                packaged.load(in);
            }
        } catch (IOException e) {
            return null;
        }
        return packaged.getProperty(URL_KEY);
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
