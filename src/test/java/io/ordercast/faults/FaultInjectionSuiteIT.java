package io.ordercast.faults;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.eatthepath.pushy.apns.server.RejectionReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.amqp.NotifyQueues;
import io.ordercast.amqp.QueueType;
import io.ordercast.demo.SampleOrder;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.ordercast.support.ApnsProvider;
import io.ordercast.support.FcmProvider;
import io.ordercast.support.Providers;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault-injection suite (docs/reliability.md): under a steady load of 2,000 events across 200
 * orders, the packaged service is killed with SIGKILL three times, RabbitMQ is restarted,
 * PostgreSQL is stopped for 30 s, and SMTP, the SMS gateway, FCM and APNs fail for 30 s. Every buyer has
 * an android and an ios device. After each fault every order must reach its final state and every planned
 * notification must arrive exactly once, counted by notificationId among the sinks' accepted requests. It needs this machine's RabbitMQ and PostgreSQL and the rights to
 * restart them: run it with {@code ./mvnw verify -Pfaults} (.ci/run does).
 */
class FaultInjectionSuiteIT {

    private static final List<String> LIFECYCLE = List.of("CREATED", "PAID", "SHIPPED", "COMPLETED", "REFUND_REQUESTED", "REFUNDED");
    private static final int ORDERS = 200;
    /** Each order's 6 events plus 4 redelivered copies: 10 per order, 2,000 in all. */
    private static final int COPIES = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** FAULTS_QUEUE_TYPE=quorum runs the suite on quorum queues (ordercast.rabbitmq.queue-type). */
    private static final QueueType QUEUE_TYPE = QueueType.of(System.getenv().getOrDefault("FAULTS_QUEUE_TYPE", "classic"));
    /**
     * What one cut may send twice: each dispatcher (ORDERCAST_NOTIFY_CONCURRENCY below, per channel, four channels)
     * writes its results at least every 200 ms, so a kill repeats at most what each sent since its last write; a
     * batch (ORDERCAST_NOTIFY_BATCH_SIZE) bounds that.
     */
    private static final int SENDS_REPEATABLE_PER_CUT = 2 * 4 * 5;
    private static final List<String> CHANNELS = List.of("email", "sms", "webhook", "push");
    private static final String CHANNEL_LIST = "('email', 'sms', 'webhook', 'push')";
    private static final List<String> REPORT = new ArrayList<>();

    private static Providers providers;
    private static FcmProvider fcm;
    private static ApnsProvider apns;
    private static String amqpUrl;
    private static String dbUrl;
    private static String dbUser;

    @BeforeAll
    static void start() {
        amqpUrl = require("ORDERCAST_IT_RABBITMQ_URL");
        dbUrl = require("ORDERCAST_IT_DB_URL");
        dbUser = System.getenv().getOrDefault("ORDERCAST_IT_DB_USERNAME", "postgres");
        providers = new Providers();
        try {
            fcm = new FcmProvider(java.nio.file.Files.createDirectories(Path.of("target", "faults-fcm")));
            apns = new ApnsProvider();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        providers.close();
        fcm.close();
        try {
            apns.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        System.out.println();
        REPORT.forEach(System.out::println);
    }

    @Test
    void should_lose_and_duplicate_nothing_when_the_service_is_killed_three_times() throws Exception {
        run("kill -9 the service x3", 3, scenario -> {
            for (int i = 0; i < 3; i++) {
                sleep(4000);
                scenario.service.kill();
                sleep(1000);
                scenario.service.start();
            }
        });
    }

    @Test
    void should_lose_and_duplicate_nothing_when_rabbitmq_restarts() throws Exception {
        run("restart RabbitMQ", 0, scenario -> {
            sleep(4000);
            exec("rabbitmqctl", "stop_app");
            sleep(5000);
            exec("rabbitmqctl", "start_app");
        });
    }

    @Test
    void should_lose_and_duplicate_nothing_when_postgresql_stops_for_30_seconds() throws Exception {
        String cluster = new File("/etc/postgresql").list()[0];
        run("stop PostgreSQL for 30 s", 0, scenario -> {
            sleep(4000);
            exec("pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "stop", "-m", "fast");
            sleep(30_000);
            exec("pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "start");
        });
    }

    @Test
    void should_lose_and_duplicate_nothing_when_smtp_sms_and_push_fail_for_30_seconds() throws Exception {
        run("SMTP, SMS 503, FCM 503, APNs 500 for 30 s", 1, scenario -> {
            sleep(3000);
            providers.stopSmtp();
            providers.http.stubFor(post(urlEqualTo("/sms")).willReturn(aResponse().withStatus(503)));
            fcm.http.stubFor(post(urlPathEqualTo(FcmProvider.SEND_PATH)).willReturn(aResponse().withStatus(503)
                    .withBody(FcmProvider.error(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable."))));
            apns.rejectAll(RejectionReason.INTERNAL_SERVER_ERROR);
            sleep(30_000);
            providers.startSmtpAgain();
            providers.http.stubFor(post(urlEqualTo("/sms")).willReturn(aResponse().withStatus(200)));
            fcm.accept();
            apns.acceptAll();
        });
    }

    /**
     * One fault scenario: fresh schema and sinks, the load, the fault, then the count.
     *
     * @param sendsCutOff how many times the fault cuts a send off between the provider's acceptance and
     *                    our SENT mark (a SIGKILL, an SMTP server dropping a session after taking the
     *                    mail): each may repeat what the dispatchers had sent of their claimed batches but not
     *                    yet recorded, at most SENDS_REPEATABLE_PER_CUT.
     *                    At-least-once delivery allows that; nothing else may be sent twice.
     */
    private void run(String fault, int sendsCutOff, Fault inject) throws Exception {
        providers.forgetMail();
        providers.http.resetRequests();
        fcm.http.resetRequests();
        apns.accepted.clear();
        String schema = "faults_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        deleteQueues();
        Scenario scenario = new Scenario(schema, new ServiceProcess(environment(schema),
                new File("target/faults-" + schema + ".log")));
        scenario.service.start();
        try {
            List<Message> load = load();
            registerDevices(schema, load);
            AtomicInteger published = new AtomicInteger();
            Thread publisher = new Thread(() -> publish(load, published), "load");
            publisher.start();
            inject.inject(scenario);
            publisher.join();
            awaitQuiet(schema);
            replayDeadLetters(scenario);
            Result result = count(schema);
            String line = String.format("fault=%-40s events sent=%d lost=%d duplicated=%d | notifications expected=%d"
                            + " delivered=%d lost=%d duplicated=%d | orders not final=%d | dead letters replayed=%d | %s queues",
                    "'" + fault + "'", published.get(), result.eventsLost, result.eventsDuplicated, result.expected,
                    result.delivered, result.lost, result.duplicated, result.ordersNotFinal, scenario.replayed,
                    QUEUE_TYPE.name().toLowerCase(java.util.Locale.ROOT));
            REPORT.add(line);
            System.out.println(line);
            assertThat(result.eventsLost).as("events lost").isZero();
            assertThat(result.eventsDuplicated).as("events recorded twice").isZero();
            assertThat(result.ordersNotFinal).as("orders not REFUNDED").isZero();
            assertThat(result.lost).as("notifications lost").isZero();
            assertThat(result.duplicated).as("notifications sent twice")
                    .isLessThanOrEqualTo(sendsCutOff * SENDS_REPEATABLE_PER_CUT);
            scenario.service.stop();
            try (Connection c = db(null); var statement = c.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        } finally {
            scenario.service.kill();
        }
    }

    @FunctionalInterface
    private interface Fault {
        void inject(Scenario scenario) throws Exception;
    }

    private static final class Scenario {
        final String schema;
        final ServiceProcess service;
        int replayed;

        Scenario(String schema, ServiceProcess service) {
            this.schema = schema;
            this.service = service;
        }
    }

    private Map<String, String> environment(String schema) throws Exception {
        Map<String, String> env = new HashMap<>();
        Map<String, String> properties = new HashMap<>(providers.serviceProperties());
        properties.putAll(fcm.serviceProperties());
        properties.putAll(apns.serviceProperties());
        properties.put("ordercast.outbox.channels", String.join(",", CHANNELS));
        properties.forEach((k, v) -> env.put(k.toUpperCase().replace('.', '_').replace('-', '_'), v));
        env.put("ORDERCAST_RABBITMQ_URL", amqpUrl);
        env.put("ORDERCAST_RABBITMQ_QUEUE_TYPE", QUEUE_TYPE.name().toLowerCase(java.util.Locale.ROOT));
        env.put("ORDERCAST_DB_URL", dbUrl);
        env.put("ORDERCAST_DB_USERNAME", dbUser);
        env.put("ORDERCAST_DB_SCHEMA", schema);
        env.put("ORDERCAST_STARTUP_TIMEOUT", "PT5M");
        env.put("ORDERCAST_HTTP_PORT", String.valueOf(freePort()));
        env.put("ORDERCAST_API_TOKEN", "faults-token");
        env.put("ORDERCAST_NOTIFY_CONCURRENCY", "2");
        env.put("ORDERCAST_NOTIFY_BATCH_SIZE", "5");
        env.put("ORDERCAST_NOTIFY_FREQUENCY_CAP", "1000");
        env.put("ORDERCAST_CIRCUIT_WAIT_IN_OPEN_STATE", "PT5S");
        env.put("ORDERCAST_NOTIFY_PROVIDER_DOWN_WAIT", "PT2S");
        env.put("ORDERCAST_NOTIFY_RETRY_INITIAL_DELAY", "PT0.5S");
        // a consumer killed mid-send leaves its claim: the restarted instance takes it over once the
        // killed one has been silent for ordercast.instance.timeout (default), not after the claim timeout
        return env;
    }

    /** 200 orders, each with its own buyer and seller, 6 events and 4 redelivered copies, interleaved. */
    private static List<Message> load() throws Exception {
        List<Message> messages = new ArrayList<>();
        Random random = new Random(7);
        List<List<Message>> perOrder = new ArrayList<>();
        for (int o = 0; o < ORDERS; o++) {
            String orderId = "SO-F-" + UUID.randomUUID().toString().substring(0, 12);
            List<Message> events = new ArrayList<>();
            for (int i = 0; i < LIFECYCLE.size(); i++) {
                ObjectNode event = SampleOrder.event(orderId, LIFECYCLE.get(i));
                event.put("sequence", i + 1);
                ((ObjectNode) event.get("buyer")).put("id", "u-" + orderId);
                ((ObjectNode) event.get("seller")).put("id", "s-" + orderId);
                ObjectNode shipment = event.putObject("shipment");
                shipment.put("carrier", "SF Express");
                shipment.put("trackingNumber", "SF" + o);
                event.putObject("refund").put("amount", "199.00");
                events.add(message(event));
            }
            for (int c = 0; c < COPIES; c++) {
                events.add(events.get(random.nextInt(LIFECYCLE.size())));
            }
            perOrder.add(events);
        }
        // a steady mix: round-robin across orders, each order's events in order (copies anywhere after)
        for (int i = 0; i < LIFECYCLE.size() + COPIES; i++) {
            for (List<Message> events : perOrder) {
                messages.add(events.get(i));
            }
        }
        return messages;
    }

    private static Message message(ObjectNode event) throws Exception {
        MessageProperties properties = new MessageProperties();
        properties.setContentType("application/json");
        properties.setHeader("x-test-routing-key", "order." + event.get("state").asText().toLowerCase());
        return new Message(JSON.writeValueAsBytes(event), properties);
    }

    /** About 100 events a second, each confirmed; a publish that fails (broker down) is retried, as an upstream would. */
    private static void publish(List<Message> load, AtomicInteger published) {
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(amqpUrl));
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        RabbitTemplate template = new RabbitTemplate(factory);
        try {
            for (Message message : load) {
                String routingKey = message.getMessageProperties().getHeader("x-test-routing-key");
                while (true) {
                    try {
                        template.invoke(t -> {
                            t.send("order.events", routingKey, message);
                            t.waitForConfirmsOrDie(5000);
                            return null;
                        });
                        break;
                    } catch (RuntimeException brokerDown) {
                        sleep(500);
                    }
                }
                published.incrementAndGet();
                sleep(10);
            }
        } finally {
            factory.destroy();
        }
    }

    /** Waits until every order is final and no notification is PENDING any more. */
    private static void awaitQuiet(String schema) throws Exception {
        try {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
                try (Connection c = db(schema)) {
                    return scalar(c, "SELECT COUNT(*) FROM orders WHERE state = 'REFUNDED'") == ORDERS
                            && scalar(c, "SELECT COUNT(*) FROM notifications WHERE status = 'PENDING'"
                            + " AND channel IN " + CHANNEL_LIST) == 0;
                }
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not quiet after 5 minutes: " + stillOpen(schema), e);
        }
    }

    /** What keeps a scenario from ending: orders short of REFUNDED, PENDING notifications claimed or not. */
    private static String stillOpen(String schema) throws Exception {
        try (Connection c = db(schema)) {
            return "orders not REFUNDED=" + scalar(c, "SELECT COUNT(*) FROM orders WHERE state <> 'REFUNDED'")
                    + " (events received=" + scalar(c, "SELECT COUNT(*) FROM order_events") + ")"
                    + ", PENDING unclaimed=" + scalar(c, "SELECT COUNT(*) FROM notifications WHERE status = 'PENDING'"
                    + " AND claimed_by IS NULL AND channel IN " + CHANNEL_LIST)
                    + ", PENDING claimed=" + scalar(c, "SELECT COUNT(*) FROM notifications WHERE status = 'PENDING'"
                    + " AND claimed_by IS NOT NULL AND channel IN " + CHANNEL_LIST)
                    + ", PENDING not due within a minute=" + scalar(c, "SELECT COUNT(*) FROM notifications WHERE"
                    + " status = 'PENDING' AND due_at > CURRENT_TIMESTAMP + INTERVAL '1' MINUTE AND channel IN " + CHANNEL_LIST);
        }
    }

    /** What an operator does after an outage: replay each channel's dead letters, then wait again. */
    private void replayDeadLetters(Scenario scenario) throws Exception {
        try (Connection c = db(scenario.schema)) {
            scenario.replayed = (int) scalar(c, "SELECT COUNT(*) FROM dead_letters WHERE replayed_at IS NULL");
        }
        if (scenario.replayed == 0) {
            return;
        }
        for (String channel : CHANNELS) {
            var request = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + scenario.service.port() + "/api/dead-letters/replay?channel=" + channel))
                    .header("Authorization", "Bearer faults-token")
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
            java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
        }
        awaitQuiet(scenario.schema);
    }

    /** eventsDuplicated: events not recorded exactly once as APPLIED (a second record, or a wrong outcome). */
    private record Result(int eventsLost, int eventsDuplicated, int ordersNotFinal, int expected, int delivered,
                          int lost, int duplicated) {
    }

    private Result count(String schema) throws Exception {
        try (Connection c = db(schema)) {
            int events = (int) scalar(c, "SELECT COUNT(*) FROM order_events");
            int applied = (int) scalar(c, "SELECT COUNT(*) FROM order_events WHERE outcome = 'APPLIED'");
            int notFinal = ORDERS - (int) scalar(c, "SELECT COUNT(*) FROM orders WHERE state = 'REFUNDED'");
            Set<String> expected = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT notification_id FROM notifications"
                    + " WHERE channel IN " + CHANNEL_LIST + " AND status <> 'SUPPRESSED'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    expected.add(rs.getString(1));
                }
            }
            List<String> delivered = delivered();
            Map<String, Long> times = delivered.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
            int lost = (int) expected.stream().filter(id -> !times.containsKey(id)).count();
            int duplicated = (int) times.values().stream().filter(n -> n > 1).count();
            int eventsLost = Math.max(0, ORDERS * LIFECYCLE.size() - events);
            int eventsDuplicated = Math.max(0, events - ORDERS * LIFECYCLE.size()) + (events - applied);
            return new Result(eventsLost, eventsDuplicated, notFinal, expected.size(), times.size(), lost, duplicated);
        }
    }

    /** Every notificationId the sinks received, once per arrival. */
    private static List<String> delivered() throws Exception {
        List<String> ids = new ArrayList<>();
        for (MimeMessage mail : providers.allMail()) {
            String[] header = mail.getHeader("X-Ordercast-Notification-Id");
            if (header != null) {
                Collections.addAll(ids, header[0]);
            }
        }
        for (JsonNode body : accepted(providers.http, "/sms")) {
            ids.add(body.get("reference").asText());
        }
        for (JsonNode body : accepted(providers.http, "/webhook")) {
            ids.add(body.get("notificationId").asText());
        }
        for (JsonNode body : accepted(fcm.http, FcmProvider.SEND_PATH)) {
            ids.add(body.at("/message/data/notificationId").asText());
        }
        for (var notification : apns.accepted) {
            ids.add(JSON.readTree(notification.getPayload()).get("notificationId").asText());
        }
        return ids;
    }

    /** The bodies of the requests to the path that the sink answered with a 2xx: a 503 delivered nothing. */
    private static List<JsonNode> accepted(WireMockServer sink, String path) throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (var served : sink.getAllServeEvents()) {
            if (served.getRequest().getUrl().equals(path) && served.getResponse().getStatus() / 100 == 2) {
                bodies.add(JSON.readTree(served.getRequest().getBodyAsString()));
            }
        }
        return bodies;
    }

    /** Each order's buyer has a phone (android, FCM) and a tablet (ios, APNs), as their app registered them. */
    private static void registerDevices(String schema, List<Message> load) throws Exception {
        Set<String> buyers = new java.util.TreeSet<>();
        for (Message message : load) {
            buyers.add(JSON.readTree(message.getBody()).at("/buyer/id").asText());
        }
        try (Connection c = db(schema); PreparedStatement insert = c.prepareStatement("INSERT INTO recipient_devices"
                + " (recipient_id, token, platform, registered_at) VALUES (?, ?, ?, now())")) {
            int n = 0;
            for (String buyer : buyers) {
                n++;
                insert.setString(1, buyer);
                insert.setString(2, "faults-phone:APA91b-" + String.format("%032d", n));
                insert.setString(3, "android");
                insert.addBatch();
                insert.setString(1, buyer);
                insert.setString(2, String.format("%064x", n));
                insert.setString(3, "ios");
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static Connection db(String schema) throws Exception {
        Connection c = DriverManager.getConnection(dbUrl, dbUser, "");
        if (schema != null) {
            c.setSchema(schema);
        }
        return c;
    }

    private static long scalar(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void deleteQueues() {
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(amqpUrl));
        RabbitAdmin admin = new RabbitAdmin(factory);
        List<String> queues = new ArrayList<>(List.of("ordercast.order-events", "ordercast.events.invalid",
                "ordercast.events.rejected", "ordercast.notifications.dead"));
        for (String channel : CHANNELS) {
            queues.addAll(new NotifyQueues(QueueType.CLASSIC).of(channel));
            queues.addAll(new NotifyQueues(QueueType.QUORUM).of(channel));
        }
        queues.forEach(admin::deleteQueue);
        factory.destroy();
    }

    private static void exec(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String require(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the fault suite needs " + name + " (see .ci/run)");
        }
        return value;
    }
}
