package io.ordercast.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ordercast.OrdercastApplication;
import io.ordercast.support.LogCapture;
import org.apache.camel.main.Main;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A newcomer's first run, {@code java -jar target/ordercast.jar --demo} on the embedded defaults,
 * booted in this JVM through the same entry (OrdercastApplication.newMain(true)): only a fresh data
 * folder, a free HTTP port and an SMTP port where no server listens (as localhost:25 usually is)
 * differ. The demo order must reach COMPLETED, and the log must hold no ERROR and no stack trace,
 * also after the emails have failed for good.
 */
class DemoFirstRunIT {

    @Test
    void should_complete_the_demo_order_without_an_error_or_a_stack_trace_in_the_log() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream original = System.out;
        Main main = OrdercastApplication.newMain(true);
        main.addOverrideProperty("ordercast.db.url", "jdbc:h2:file:./target/demo-run/" + UUID.randomUUID()
                + "/ordercast;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;LOCK_TIMEOUT=10000");
        int httpPort = freePort();
        main.addOverrideProperty("ordercast.http.port", String.valueOf(httpPort));
        main.addOverrideProperty("ordercast.smtp.port", String.valueOf(freePort()));
        List<LogCapture.Line> lines;
        try (LogCapture log = LogCapture.begin()) {
            System.setOut(new PrintStream(new Tee(original, console), true, StandardCharsets.UTF_8));
            // as OrdercastApplication.main runs it: run() blocks until completed(), and starts the demo after start
            Thread running = new Thread(() -> {
                try {
                    main.run(new String[0]);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "demo-main");
            try {
                running.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> printed(console).contains("/observe/health"));
                // the emails to a closed SMTP port find the relay down: they wait PENDING, spending no retries
                await().atMost(Duration.ofSeconds(60)).until(() -> log.lines().stream()
                        .anyMatch(l -> l.message().startsWith("email: provider down")));
            } finally {
                main.completed();
                running.join(60_000);
                System.setOut(original);
            }
            lines = log.lines();
        }

        assertThat(printed(console)).containsPattern("=== ordercast demo: order SO-DEMO-\\d+ is COMPLETED");
        // each push of the order fans out to the sample buyer's two devices, and says what the provider needs
        assertThat(printed(console))
                .containsPattern("buyer:u-1001 +push …000000 +order-paid +HIGH +SUPPRESSED fcm is not configured: "
                        + "ordercast.fcm.project-id, ordercast.fcm.credentials-file are unset")
                .containsPattern("buyer:u-1001 +push …5ddec0 +order-paid +HIGH +SUPPRESSED apns is not configured: "
                        + "ordercast.apns.key-file, ordercast.apns.key-id, ordercast.apns.team-id, ordercast.apns.topic are unset");
        // what the newcomer pastes: the token the service uses, the calls on its own port about its own order
        Matcher order = Pattern.compile("=== ordercast demo: order (SO-DEMO-\\d+) is").matcher(printed(console));
        assertThat(order.find()).isTrue();
        Matcher token = Pattern.compile("ordercast API token \\(generated for this run\\): (\\S+)").matcher(printed(console));
        assertThat(token.find()).isTrue();
        String base = "http://localhost:" + httpPort;
        assertThat(printed(console))
                .contains("  export TOKEN=" + token.group(1) + "\n")
                .contains("  curl -H \"Authorization: Bearer $TOKEN\" " + base + "/api/orders/" + order.group(1) + "\n")
                .contains("  curl -H \"Authorization: Bearer $TOKEN\" " + base + "/api/analytics/transitions\n")
                .contains("  curl " + base + "/observe/metrics\n")
                .contains("  curl " + base + "/observe/health");
        assertThat(printed(console).indexOf("export TOKEN=")).isGreaterThan(printed(console).indexOf("ordercast.events.invalid"));
        assertThat(lines).filteredOn(l -> l.level().isMoreSpecificThan(Level.ERROR)).isEmpty();
        assertThat(lines).noneMatch(LogCapture.Line::stackTrace);
        assertThat(lines).filteredOn(l -> l.message().startsWith("email: provider down")).singleElement()
                .satisfies(l -> assertThat(l.level()).isEqualTo(Level.WARN))
                .satisfies(l -> assertThat(l.message()).contains("Connection refused").contains("wait PENDING"));
        assertThat(lines).noneMatch(l -> l.message().contains("FAILED after"));
    }

    private static String printed(ByteArrayOutputStream console) {
        synchronized (console) {
            return console.toString(StandardCharsets.UTF_8);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The console as usual, and a copy to read. */
    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream console, ByteArrayOutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            console.write(b);
            synchronized (copy) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            console.write(b, off, len);
            synchronized (copy) {
                copy.write(b, off, len);
            }
        }
    }
}
