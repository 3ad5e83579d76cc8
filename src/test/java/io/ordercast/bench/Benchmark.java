package io.ordercast.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.rabbitmq.client.Channel;
import io.ordercast.amqp.OrdercastTopology;
import io.ordercast.amqp.QueueType;
import io.ordercast.support.ServiceAccountFiles;

/**
 * ordercast's benchmark (docs/performance.md): on this machine's RabbitMQ and PostgreSQL, in a
 * virtual host and a database of its own, it measures in one run a raw amqp-client consumer, a
 * hand-written amqp-client + JDBC consumer doing the tracking work (the baseline), and the packaged
 * service: events tracked per second, notifications delivered per second to local sinks, latency at
 * half load, time to ready, peak RSS, and the cost per event with a small and a large stored history.
 *
 * <p>Run: {@code ./mvnw -B -Pbench -DskipTests verify} (options: docs/performance.md).
 */
public final class Benchmark {

    private static final List<String> DELIVERED = List.of("email", "sms", "webhook", "push");

    private final Options options;
    private final Report report = new Report();
    private final Arrivals arrivals = new Arrivals();
    private BenchBroker broker;
    private BenchDatabase db;
    private SmtpSink smtp;
    private HttpSink http;
    private final Path logs;
    private ServiceUnderTest service;
    private double peakRss;

    private Benchmark(Options options) throws Exception {
        this.options = options;
        this.logs = Files.createDirectories(Path.of("target", "bench"));
    }

    public static void main(String[] args) throws Exception {
        Benchmark bench = new Benchmark(Options.parse(args));
        try {
            bench.run();
        } finally {
            bench.close();
        }
        System.exit(0);
    }

    private void run() throws Exception {
        say("ordercast benchmark: " + options);
        broker = BenchBroker.fresh(options.rabbitmq);
        db = new BenchDatabase(options.postgres, options.postgresUser);
        db.recreate();
        smtp = new SmtpSink(arrivals);
        http = new HttpSink(arrivals);
        int n = options.events;

        double raw = options.skips("raw") ? Double.NaN : raw(n);
        double baseline = options.skips("baseline") ? Double.NaN : baseline(n);
        if (!options.skips("startup")) {
            startup();
        }
        Throughput tracked = options.skips("throughput") ? new Throughput(Double.NaN, Double.NaN) : throughput("SO-B", n);
        if (!options.skips("latency") && !options.skips("throughput")) {
            latency(tracked.eventsPerSecond / 2);
        }
        if (service != null) {
            peakRss = Math.max(peakRss, service.peakRssMib());
            service.close();
            service = null;
        }
        report.row("peak RSS (service, whole run)", String.format(Locale.ROOT, "%.0f MiB", peakRss));
        for (int stored : options.stored) {
            scale(stored);
        }
        report.ratio("ordercast/baseline", tracked.eventsPerSecond / baseline);
        report.ratio("ordercast/raw", tracked.eventsPerSecond / raw);
        String text = report.print();
        Files.writeString(logs.resolve("results.txt"), text);
        System.out.println(text);
    }

    private double raw(int n) throws Exception {
        broker.declareQueue("bench.raw");
        broker.publish("", "bench.raw", BenchEvents.lifecycles("SO-R", n / 4));
        double rate = PlainConsumers.raw(broker, "bench.raw", n, 250);
        report.row("(a) raw amqp-client consumer, manual ack, no work", perSecond(rate, "msg"));
        return rate;
    }

    private double baseline(int n) throws Exception {
        broker.declareQueue("bench.baseline");
        broker.publish("", "bench.baseline", BenchEvents.lifecycles("SO-P", n / 4));
        PlainConsumers.createBaselineTables(db.connection());
        try (var connection = db.newConnection()) {
            double rate = PlainConsumers.baseline(broker, "bench.baseline", n, 100, connection);
            report.row("(b) baseline amqp-client + JDBC, 1 tx per event", perSecond(rate, "events"));
            return rate;
        }
    }

    private void startup() throws Exception {
        List<Double> embedded = new ArrayList<>();
        List<Double> real = new ArrayList<>();
        for (int i = 0; i < options.startupRuns; i++) {
            Map<String, String> env = Map.of("ORDERCAST_HTTP_PORT", String.valueOf(ServiceUnderTest.freePort()),
                    "ORDERCAST_API_TOKEN", "bench");
            try (ServiceUnderTest service = ServiceUnderTest.start(options.jar, options.jvm, env,
                    ServiceUnderTest.tempDir("embedded"), logs.resolve("service-embedded.log"))) {
                embedded.add(service.awaitReady(Duration.ofMinutes(2)));
            }
            try (ServiceUnderTest service = ServiceUnderTest.start(options.jar, options.jvm, serviceEnvironment(),
                    ServiceUnderTest.tempDir("real"), logs.resolve("service.log"))) {
                real.add(service.awaitReady(Duration.ofMinutes(2)));
            }
        }
        report.row("(e) start to ready, embedded defaults (median of " + options.startupRuns + ")",
                String.format(Locale.ROOT, "%.2f s  %s", median(embedded), embedded));
        report.row("(e) start to ready, RabbitMQ + PostgreSQL (median of " + options.startupRuns + ")",
                String.format(Locale.ROOT, "%.2f s  %s", median(real), real));
    }

    record Throughput(double eventsPerSecond, double notificationsPerSecond) {
    }

    /**
     * Starts the service, warms it up with a tenth of the load (the JIT compiles the hot path, as on
     * a service that has been running), then publishes {@code n} events at once and measures tracking
     * and delivery by the service's own timestamps.
     */
    private Throughput throughput(String prefix, int n) throws Exception {
        declareTopology();
        service = ServiceUnderTest.start(options.jar, options.jvm, serviceEnvironment(), ServiceUnderTest.tempDir("run"),
                logs.resolve("service.log"));
        service.awaitReady(Duration.ofMinutes(2));
        warmUp("SO-W", options.warmUpEvents());
        db.resetStatements();
        BenchDatabase.Counters before = db.counters();
        double cpuBefore = service.cpuSeconds();
        double jitBefore = service.jitCpuSeconds();
        MachineCpu machineBefore = MachineCpu.now();
        registerDevices(prefix, n / 4);
        broker.publish(OrdercastTopology.EVENTS_EXCHANGE, null, BenchEvents.lifecycles(prefix, n / 4));
        double events = awaitTracked(prefix, n);
        BenchDatabase.Counters tracked = db.counters();
        double[] notifications = awaitDelivered(prefix);
        BenchDatabase.Counters after = db.counters();
        double cpu = service.cpuSeconds() - cpuBefore;
        double jit = service.jitCpuSeconds() - jitBefore;
        MachineCpu machine = MachineCpu.now().since(machineBefore);
        peakRss = Math.max(peakRss, service.peakRssMib());
        double[] trackingCost = tracked.perItemSince(before, n);
        double[] allCost = after.perItemSince(before, n);
        report.row("(c) ordercast events tracked (" + n + " events, " + n / 4 + " orders COMPLETED)", perSecond(events, "events"));
        report.row("(c) ordercast notifications SENT at the sinks (" + (long) notifications[1] + ")",
                perSecond(notifications[0], "notifications"));
        report.row("    sink arrivals / arrived twice", arrivals.total() + " / " + arrivals.repeated());
        report.row("    notifications table at the end: row versions", db.liveAndDead("notifications"));
        report.row("    per event until tracked: commits / statements", costs(trackingCost));
        report.row("    per event, tracking + delivery: commits / statements", costs(allCost));
        report.row("    service CPU per event, tracking + delivery",
                String.format(Locale.ROOT, "%.2f ms, of which JIT compiling %.2f ms", cpu * 1000 / n, jit * 1000 / n));
        report.row("    PostgreSQL / RabbitMQ CPU per event; all cores busy per event",
                String.format(Locale.ROOT, "%.2f ms / %.2f ms; %.2f ms", machine.postgresSeconds() * 1000 / n,
                        machine.rabbitmqSeconds() * 1000 / n, machine.busySeconds() * 1000 / n));
        for (String[] s : db.topStatements(12)) {
            report.detail(String.format(Locale.ROOT, "%8s calls %7s ms total %7s ms mean %6s rows  %s", s[0], s[1], s[2], s[3], s[4]));
        }
        return new Throughput(events, notifications[0]);
    }

    /** Runs {@code events} through the started service, so the JIT has compiled the hot path before measuring. */
    private void warmUp(String prefix, int events) throws Exception {
        int n = events / 4 * 4;
        registerDevices(prefix, n / 4);
        broker.publish(OrdercastTopology.EVENTS_EXCHANGE, null, BenchEvents.lifecycles(prefix, n / 4));
        awaitTracked(prefix, n);
        awaitDelivered(prefix);
        db.analyze();
    }

    /** Publishes full lifecycles at a fixed rate to the running service and reports latency percentiles. */
    private void latency(double rate) throws Exception {
        int perSecond = Math.max(4, (int) rate);
        int total = perSecond * options.latencySeconds / 4 * 4;
        String prefix = "SO-L";
        List<BenchEvents.Event> events = BenchEvents.lifecycles(prefix, total / 4, Math.max(1, perSecond / 2));
        registerDevices(prefix, total / 4);
        Map<String, Long> publishedAt = new ConcurrentHashMap<>();
        try (Channel channel = broker.publisher()) {
            long start = System.nanoTime();
            for (int i = 0; i < events.size(); i++) {
                long due = start + (long) (i * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                BenchEvents.Event event = events.get(i);
                publishedAt.put(event.eventId(), System.currentTimeMillis());
                BenchBroker.publishOne(channel, OrdercastTopology.EVENTS_EXCHANGE, event);
            }
            channel.waitForConfirmsOrDie(60_000);
        }
        awaitTracked(prefix, events.size());
        awaitDelivered(prefix);
        List<Double> applied = new ArrayList<>();
        for (String[] row : db.rows("SELECT event_id, (extract(epoch FROM decided_at) * 1000)::bigint FROM order_events"
                + " WHERE order_id LIKE '" + prefix + "-%' AND outcome = 'APPLIED'", 2)) {
            applied.add((double) (Long.parseLong(row[1]) - publishedAt.get(row[0])));
        }
        List<Double> mailed = new ArrayList<>();
        for (String[] row : db.rows("SELECT notification_id, event_id FROM notifications WHERE order_id LIKE '" + prefix
                + "-%' AND channel = 'email' AND status = 'SENT'", 2)) {
            Long arrived = arrivals.arrivedAt(row[0]);
            if (arrived != null) {
                mailed.add((double) (arrived - publishedAt.get(row[1])));
            }
        }
        peakRss = Math.max(peakRss, service.peakRssMib());
        service.close();
        service = null;
        report.row("(d) latency at " + perSecond + " events/s for " + options.latencySeconds + " s: publish -> APPLIED",
                percentiles(applied));
        report.row("(d) latency at " + perSecond + " events/s: publish -> mail at the sink", percentiles(mailed));
    }

    /** The per-event cost with {@code stored} finished orders already in the database. */
    private void scale(int stored) throws Exception {
        db.recreate();
        try (ServiceUnderTest empty = ServiceUnderTest.start(options.jar, options.jvm, serviceEnvironment(),
                ServiceUnderTest.tempDir("migrate"), logs.resolve("service.log"))) {
            empty.awaitReady(Duration.ofMinutes(2)); // migrates the schema
        }
        long filling = System.nanoTime();
        StoredHistory.fill(db, stored);
        say(String.format(Locale.ROOT, "stored %,d orders in %.0f s", stored, (System.nanoTime() - filling) / 1e9));
        String prefix = "SO-S" + stored;
        int n = options.scaleEvents;
        service = ServiceUnderTest.start(options.jar, options.jvm, serviceEnvironment(), ServiceUnderTest.tempDir("scale"),
                logs.resolve("service.log"));
        service.awaitReady(Duration.ofMinutes(2));
        warmUp("SO-WS" + stored, 2000);
        db.resetStatements();
        registerDevices(prefix, n / 4);
        BenchDatabase.Counters before = db.counters();
        broker.publish(OrdercastTopology.EVENTS_EXCHANGE, null, BenchEvents.lifecycles(prefix, n / 4));
        double events = awaitTracked(prefix, n);
        double[] notifications = awaitDelivered(prefix);
        BenchDatabase.Counters after = db.counters();
        service.close();
        service = null;
        report.row(String.format(Locale.ROOT, "(f) %,d orders stored: events / notifications", stored),
                String.format(Locale.ROOT, "%,.0f events/s (%.2f ms per event), %,.0f notifications/s", events,
                        1000 / events, notifications[0]));
        report.row(String.format(Locale.ROOT, "(f) %,d orders stored: per event commits / statements", stored),
                costs(after.perItemSince(before, n)));
        report.scale(stored, 1000 / events);
        for (String[] s : db.topStatements(5)) {
            report.detail(String.format(Locale.ROOT, "[%,d stored] %8s calls %7s ms mean %6s rows  %s", stored, s[0], s[2], s[3], s[4]));
        }
    }

    /**
     * Gives each buyer of the run's orders ({@code u-<orderId>}) {@code --push-devices} android devices, as their
     * app would register them, so every push plan line fans out to them through FCM (0: push SUPPRESSED).
     */
    private void registerDevices(String prefix, int orders) throws Exception {
        for (int d = 0; d < options.pushDevices; d++) {
            db.execute("INSERT INTO recipient_devices (recipient_id, token, platform, registered_at)"
                    + " SELECT 'u-" + prefix + "-' || i, 'bench:APA91b" + d + "-' || md5('" + prefix + "' || i), 'android', now()"
                    + " FROM generate_series(0, " + (orders - 1) + ") i");
        }
    }

    /** Waits until every order of the run is COMPLETED; events per second by the service's own timestamps. */
    private double awaitTracked(String prefix, int n) throws Exception {
        long orders = n / 4;
        long deadline = System.nanoTime() + Duration.ofMinutes(options.timeoutMinutes).toNanos();
        long lastAnalyze = System.nanoTime();
        long lastSay = System.nanoTime();
        while (true) {
            long completed = db.number("SELECT COUNT(*) FROM orders WHERE order_id LIKE '" + prefix + "-%' AND state = 'COMPLETED'");
            if (completed == orders) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(prefix + ": only " + completed + " of " + orders + " orders COMPLETED");
            }
            lastAnalyze = autovacuum(lastAnalyze);
            if (System.nanoTime() - lastSay > 10e9) {
                say(prefix + ": " + completed + " of " + orders + " orders COMPLETED");
                lastSay = System.nanoTime();
            }
            Thread.sleep(200);
        }
        double seconds = db.decimal("SELECT extract(epoch FROM max(decided_at) - min(received_at)) FROM order_events"
                + " WHERE order_id LIKE '" + prefix + "-%'");
        return n / seconds;
    }

    /** Waits until no deliverable notification of the run is PENDING; returns {per second, how many SENT}. */
    private double[] awaitDelivered(String prefix) throws Exception {
        String mine = " FROM notifications WHERE order_id LIKE '" + prefix + "-%' AND channel IN ('email', 'sms', 'webhook', 'push')"
                + " AND not_before IS NULL";
        long deadline = System.nanoTime() + Duration.ofMinutes(options.timeoutMinutes).toNanos();
        long lastAnalyze = System.nanoTime();
        long lastSay = System.nanoTime();
        while (true) {
            long pending = db.number("SELECT COUNT(*)" + mine + " AND status = 'PENDING'");
            if (pending == 0) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(prefix + ": " + pending + " notifications still PENDING");
            }
            lastAnalyze = autovacuum(lastAnalyze);
            if (System.nanoTime() - lastSay > 10e9) {
                say(prefix + ": " + pending + " notifications PENDING");
                lastSay = System.nanoTime();
            }
            Thread.sleep(200);
        }
        long sent = db.number("SELECT COUNT(*)" + mine + " AND status = 'SENT'");
        long other = db.number("SELECT COUNT(*)" + mine + " AND status <> 'SENT'");
        if (other > 0) {
            say(prefix + ": " + other + " deliverable notifications not SENT: "
                    + db.text("SELECT string_agg(DISTINCT status || ' ' || COALESCE(last_error, ''), '; ')" + mine
                    + " AND status <> 'SENT'"));
        }
        double seconds = db.decimal("SELECT extract(epoch FROM max(sent_at) - min(created_at))" + mine + " AND status = 'SENT'");
        return new double[] { sent / seconds, sent };
    }

    /** VACUUM (ANALYZE) every 10 s under load, as autovacuum would on a production server (--vacuum false: none). */
    private long autovacuum(long last) throws Exception {
        if (!options.vacuum() || System.nanoTime() - last < 10e9) {
            return last;
        }
        db.analyze();
        return System.nanoTime();
    }

    private void declareTopology() {
        var factory = io.ordercast.amqp.RabbitConnections.connect(broker.url());
        try {
            new OrdercastTopology(factory, QueueType.CLASSIC).declare();
        } finally {
            factory.destroy();
        }
    }

    private Map<String, String> serviceEnvironment() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("ORDERCAST_HTTP_PORT", String.valueOf(ServiceUnderTest.freePort()));
        env.put("ORDERCAST_API_TOKEN", "bench");
        env.put("ORDERCAST_RABBITMQ_URL", broker.url());
        env.put("ORDERCAST_DB_URL", db.url());
        env.put("ORDERCAST_DB_USERNAME", db.user());
        env.put("ORDERCAST_SMTP_HOST", "127.0.0.1");
        env.put("ORDERCAST_SMTP_PORT", String.valueOf(smtp.port()));
        env.put("ORDERCAST_SMS_URL", http.url("/sms"));
        env.put("ORDERCAST_SMS_TOKEN", "bench-sms-token");
        env.put("ORDERCAST_WEBHOOK_URL", http.url("/webhook"));
        env.put("ORDERCAST_WEBHOOK_SECRET", "bench-webhook-secret");
        env.put("ORDERCAST_FCM_BASE_URL", http.url(""));
        env.put("ORDERCAST_FCM_PROJECT_ID", HttpSink.FCM_PROJECT);
        env.put("ORDERCAST_FCM_CREDENTIALS_FILE", ServiceAccountFiles.write(logs, http.url("/token")).toAbsolutePath().toString());
        env.putAll(options.env);
        return env;
    }

    private void close() throws Exception {
        if (service != null) {
            service.close();
        }
        if (smtp != null) {
            smtp.close();
        }
        if (http != null) {
            http.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (db != null) {
            if (options.keepDatabase) {
                db.close();
            } else {
                db.drop();
            }
        }
    }

    private static String perSecond(double rate, String what) {
        return String.format(Locale.ROOT, "%,.0f %s/s", rate, what);
    }

    private static String costs(double[] perItem) {
        return String.format(Locale.ROOT, "%.1f / %s", perItem[0], perItem[1] < 0 ? "n/a (pg_stat_statements not preloaded)"
                : String.format(Locale.ROOT, "%.1f", perItem[1]));
    }

    private static String percentiles(List<Double> values) {
        if (values.isEmpty()) {
            return "no samples";
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "p50 %.0f ms, p95 %.0f ms, p99 %.0f ms (%d samples)", at(sorted, 0.50),
                at(sorted, 0.95), at(sorted, 0.99), sorted.length);
    }

    private static double at(double[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    static void say(String line) {
        System.out.println("[bench] " + line);
    }

    /** Command-line options; see docs/performance.md. */
    record Options(int events, int[] stored, int scaleEvents, int latencySeconds, int startupRuns, int timeoutMinutes,
                   Path jar, List<String> jvm, String rabbitmq, String postgres, String postgresUser,
                   Map<String, String> env, boolean keepDatabase, List<String> skip, int pushDevices, int warmUp,
                   boolean vacuum) {

        /** Events run through the service before (c) is measured: a tenth of the load, at least 2,000, unless given. */
        int warmUpEvents() {
            return warmUp > 0 ? warmUp : Math.max(2000, events / 10);
        }

        boolean skips(String phase) {
            return skip.contains(phase);
        }

        static Options parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            Map<String, String> env = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (args[i].equals("--env")) {
                    for (String setting : args[i + 1].split(",")) {
                        String[] pair = setting.trim().split("=", 2);
                        env.put(pair[0], pair[1]);
                    }
                } else {
                    given.put(args[i].replaceFirst("^--", ""), args[i + 1]);
                }
            }
            String jvm = given.getOrDefault("jvm", "").trim();
            Path jar = Path.of(given.getOrDefault("jar", "target/ordercast.jar"));
            return new Options(
                    Integer.parseInt(given.getOrDefault("events", "20000")),
                    given.getOrDefault("stored", "10000,1000000").isBlank() ? new int[0]
                            : Arrays.stream(given.getOrDefault("stored", "10000,1000000").split(","))
                            .mapToInt(s -> Integer.parseInt(s.trim())).toArray(),
                    Integer.parseInt(given.getOrDefault("scale-events", "8000")),
                    Integer.parseInt(given.getOrDefault("latency-seconds", "20")),
                    Integer.parseInt(given.getOrDefault("startup-runs", "3")),
                    Integer.parseInt(given.getOrDefault("timeout-minutes", "30")),
                    jar,
                    jvmOptions(jvm, jar),
                    given.getOrDefault("rabbitmq", "amqp://guest:guest@127.0.0.1:5672"),
                    given.getOrDefault("postgres", "jdbc:postgresql://127.0.0.1:5432"),
                    given.getOrDefault("postgres-user", "postgres"),
                    env,
                    Boolean.parseBoolean(given.getOrDefault("keep-database", "false")),
                    List.of(given.getOrDefault("skip", "").split(",")),
                    Integer.parseInt(given.getOrDefault("push-devices", "1")),
                    given.getOrDefault("warm-up", "auto").equals("auto") ? 0 : Integer.parseInt(given.get("warm-up")),
                    Boolean.parseBoolean(given.getOrDefault("vacuum", "true")));
        }

        /** The given options, plus the jar's class-data archive when the build made one: the README starts it so. */
        private static List<String> jvmOptions(String given, Path jar) {
            List<String> options = new ArrayList<>(given.isEmpty() ? List.of() : List.of(given.split("\\s+")));
            Path archive = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", ".jsa"));
            if (Files.isRegularFile(archive) && options.stream().noneMatch(o -> o.startsWith("-XX:SharedArchiveFile"))) {
                options.add("-XX:SharedArchiveFile=" + archive.toAbsolutePath());
            }
            return List.copyOf(options);
        }

        @Override
        public String toString() {
            return "events=" + events + " stored=" + Arrays.toString(stored) + " scale-events=" + scaleEvents
                    + " latency-seconds=" + latencySeconds + " jar=" + jar + " jvm=" + jvm + " env=" + env.keySet() + " skip=" + skip + " push-devices=" + pushDevices
                    + " vacuum=" + (vacuum ? "every 10 s" : "none");
        }
    }
}
