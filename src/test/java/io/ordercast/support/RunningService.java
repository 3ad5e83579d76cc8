package io.ordercast.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.OrdercastApplication;
import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.api.OrderQueries;
import io.ordercast.common.NotFoundException;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static org.awaitility.Awaitility.await;

/**
 * The real application (OrdercastApplication's Main, configuration and YAML routes) booted in this
 * JVM against the test broker and database, plus an upstream publisher and helpers to look at the
 * outcome the way an operator would: the order API view and the parking queues.
 */
public final class RunningService implements AutoCloseable {

    public static final String API_TOKEN = "test-token-0123456789";
    private static final ObjectMapper VIEWS = new ObjectMapper();

    private final Map<String, String> properties = new HashMap<>();
    private final CachingConnectionFactory upstreamConnection;
    private final RabbitTemplate upstream;
    private final RabbitAdmin upstreamAdmin;
    private final boolean ownsSchema;
    private Main main;

    private RunningService(Map<String, String> overrides, boolean ownsSchema) {
        this.ownsSchema = ownsSchema;
        properties.put("ordercast.rabbitmq.url", TestInfrastructure.amqpUrl());
        properties.put("ordercast.db.url", TestInfrastructure.dbUrl());
        properties.put("ordercast.db.username", TestInfrastructure.dbUser());
        properties.put("ordercast.db.schema", TestInfrastructure.freshSchema());
        properties.put("ordercast.http.port", String.valueOf(freePort()));
        properties.put("ordercast.api.token", API_TOKEN);
        properties.put("ordercast.tracking.sweep-interval", "PT0.2S");
        // tests of tracking look at the plan; tests of delivery name the channels they deliver
        properties.put("ordercast.outbox.channels", "none");
        properties.putAll(overrides);
        upstreamConnection = new CachingConnectionFactory(URI.create(properties.get("ordercast.rabbitmq.url")));
        upstreamConnection.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        upstream = new RabbitTemplate(upstreamConnection);
        upstreamAdmin = new RabbitAdmin(upstreamConnection);
    }

    /** Starts the service on a clean broker: the queues of earlier test classes are deleted first. */
    public static RunningService start(Map<String, String> overrides) {
        return start(overrides, () -> { });
    }

    /** As {@link #start(Map)}, with what a test sets up on the clean broker before the service starts. */
    public static RunningService start(Map<String, String> overrides, Runnable beforeStart) {
        RunningService service = new RunningService(overrides, true);
        service.deleteTopology();
        beforeStart.run();
        service.startMain();
        return service;
    }

    /**
     * A second instance of the service against the same broker, database and schema as {@code first}:
     * competing consumers across instances.
     */
    public static RunningService startAnotherInstance(RunningService first) {
        Map<String, String> same = new HashMap<>(first.properties);
        same.put("ordercast.http.port", String.valueOf(freePort()));
        RunningService service = new RunningService(same, false);
        service.startMain();
        return service;
    }

    public static RunningService start() {
        return start(Map.of());
    }

    public void startMain() {
        main = OrdercastApplication.newMain();
        properties.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("service did not start", e);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> main.getCamelContext() != null
                && main.getCamelContext().isStarted());
    }

    public void stopMain() {
        try {
            main.stop();
        } catch (Exception e) {
            throw new IllegalStateException("service did not stop", e);
        }
    }

    @Override
    public void close() {
        if (main != null && main.getCamelContext() != null && !main.getCamelContext().isStopped()) {
            stopMain();
        }
        upstreamConnection.destroy();
        if (ownsSchema) {
            dropSchema();
        }
    }

    /** Tests on a shared PostgreSQL leave no schema behind. */
    private void dropSchema() {
        try (var connection = java.sql.DriverManager.getConnection(properties.get("ordercast.db.url"),
                properties.get("ordercast.db.username"), properties.getOrDefault("ordercast.db.password", ""));
             var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + properties.get("ordercast.db.schema") + " CASCADE");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not drop the test schema", e);
        }
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public String property(String key) {
        return properties.get(key);
    }

    public void publish(String json, String state) {
        publishRaw(json.getBytes(StandardCharsets.UTF_8), "order." + state.toLowerCase());
    }

    public void publish(Events.Builder event) {
        publish(event.json(), event.state());
    }

    public void publishRaw(byte[] body, String routingKey) {
        publishRaw(body, routingKey, OrdercastTopology.EVENTS_EXCHANGE);
    }

    /** Publishes to any exchange; "" is the default exchange, where the routing key is the queue name. */
    public void publishRaw(byte[] body, String routingKey, String exchange) {
        publishRaw(body, routingKey, exchange, Map.of());
    }

    /** Publishes with AMQP headers of the publisher's choosing. */
    public void publishRaw(byte[] body, String routingKey, String exchange, Map<String, Object> headers) {
        MessageProperties props = new MessageProperties();
        props.setContentType("application/json");
        headers.forEach(props::setHeader);
        upstream.invoke(t -> {
            t.send(exchange, routingKey, new Message(body, props));
            t.waitForConfirmsOrDie(10_000);
            return null;
        });
    }

    /**
     * The order as GET /api/orders/{id} shows it, or null while the service has not seen it. As a map of its
     * JSON fields: Jackson's conversion keeps the numbers' Java types (sequence a Long, attempts an Integer).
     */
    public Map<String, Object> order(String orderId) {
        OrderQueries queries = context().getRegistry().lookupByNameAndType("orderQueries", OrderQueries.class);
        try {
            return VIEWS.convertValue(queries.order(orderId), new TypeReference<Map<String, Object>>() { });
        } catch (NotFoundException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> timeline(String orderId) {
        Map<String, Object> order = order(orderId);
        return order == null ? List.of() : (List<Map<String, Object>>) order.get("timeline");
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> notifications(String orderId) {
        Map<String, Object> order = order(orderId);
        return order == null ? List.of() : (List<Map<String, Object>>) order.get("notifications");
    }

    public int messagesIn(String queue) {
        var info = upstreamAdmin.getQueueInfo(queue);
        return info == null ? 0 : info.getMessageCount();
    }

    /** The consumers the broker delivers a queue's messages to (0 while the queue does not exist). */
    public int consumersOn(String queue) {
        var info = upstreamAdmin.getQueueInfo(queue);
        return info == null ? 0 : info.getConsumerCount();
    }

    public boolean queueExists(String queue) {
        return upstreamAdmin.getQueueInfo(queue) != null;
    }

    /** Takes the next message off a queue, waiting up to 10 s. */
    public Message receive(String queue) {
        return upstream.receive(queue, 10_000);
    }

    /** The address of a path on this instance's HTTP port. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + property("ordercast.http.port") + path);
    }

    /** Sends a request built by the test (its own headers, methods, bodies). */
    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * HEAD over HTTP/1.1, as container probes and curl -I send it. (Java's client would otherwise upgrade
     * to HTTP/2 cleartext, where Vert.x 4.5 sends a HEAD answer's body anyway.)
     */
    public HttpResponse<String> head(String path) throws IOException, InterruptedException {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + property("ordercast.http.port") + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + property("ordercast.http.port") + path))
                .header("Authorization", "Bearer " + API_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + property("ordercast.http.port") + path))
                .header("Authorization", "Bearer " + API_TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + property("ordercast.http.port") + path))
                .header("Authorization", "Bearer " + API_TOKEN)
                .DELETE().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void deleteTopology() {
        // either queue type's (a test of quorum queues shares the broker with the rest); an earlier version's channel
        // queues are left for the service to remove
        List.of(OrdercastTopology.EVENTS_QUEUE, OrdercastTopology.INVALID_QUEUE, OrdercastTopology.REJECTED_QUEUE,
                OrdercastTopology.DEAD_LETTER_QUEUE).forEach(upstreamAdmin::deleteQueue);
        upstreamAdmin.deleteExchange(OrdercastTopology.EVENTS_EXCHANGE);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
