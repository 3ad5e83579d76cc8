package io.ordercast.config;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ordercast.OrdercastApplication;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Started while its database or RabbitMQ is down, the service waits for it at most ordercast.startup.timeout, then
 * exits 1 with one line that names the peer (host:port, never the password), which is what an operator reads in
 * `kubectl logs --previous`. The peer here is a closed port on this machine.
 */
class PeerDownStartupIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(4);
    private static final String DB_PASSWORD = "db-pass-0123456789";
    private static final String BROKER_PASSWORD = "amqp-pass-0123456789";

    @TempDir
    Path work;

    @Test
    void should_exit_1_within_the_startup_timeout_naming_the_database_that_does_not_answer() throws Exception {
        int closed = freePort();

        List<String> lines = runUntilExit(
                "-Dordercast.db.url=jdbc:postgresql://127.0.0.1:" + closed + "/ordercast",
                "-Dordercast.db.username=ordercast",
                "-Dordercast.db.password=" + DB_PASSWORD,
                "-Dordercast.rabbitmq.url=embedded");

        String error = theOneErrorLine(lines);
        assertThat(error).contains("ordercast did not start: the database at 127.0.0.1:" + closed + " did not answer within "
                + TIMEOUT + " (ordercast.startup.timeout)");
        assertThat(waited(lines, "127.0.0.1:" + closed)).as("from the first line naming the database to the last")
                .isBetween(TIMEOUT.dividedBy(2), TIMEOUT.plusSeconds(5));
        assertThat(String.join("\n", lines)).doesNotContain(DB_PASSWORD);
    }

    @Test
    void should_exit_1_within_the_startup_timeout_naming_rabbitmq_when_it_does_not_answer() throws Exception {
        int closed = freePort();

        List<String> lines = runUntilExit(
                "-Dordercast.rabbitmq.url=amqp://ordercast:" + BROKER_PASSWORD + "@127.0.0.1:" + closed,
                "-Dordercast.db.url=jdbc:h2:file:" + work.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");

        String error = theOneErrorLine(lines);
        assertThat(error).contains("ordercast did not start: RabbitMQ at 127.0.0.1:" + closed + " did not answer within "
                + TIMEOUT + " (ordercast.startup.timeout)");
        assertThat(waited(lines, "127.0.0.1:" + closed)).as("from the first line naming RabbitMQ to the last")
                .isBetween(TIMEOUT.dividedBy(2), TIMEOUT.plusSeconds(5));
        assertThat(String.join("\n", lines)).doesNotContain(BROKER_PASSWORD);
    }

    /** The service as its own process, as a container runs it; its log lines once it has ended, with exit code 1. */
    private List<String> runUntilExit(String... settings) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = work.resolve("service.log");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Dordercast.http.port=" + freePort(),
                "-Dordercast.api.token=" + RunningService.API_TOKEN,
                "-Dordercast.outbox.channels=none",
                "-Dordercast.startup.timeout=" + TIMEOUT));
        command.addAll(List.of(settings));
        command.add(OrdercastApplication.class.getName());
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // a cold JVM on a busy machine takes a while; before the bound the wait took eight minutes
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the process ended by itself").isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            return Files.readAllLines(log);
        } finally {
            process.destroyForcibly();
        }
    }

    private static String theOneErrorLine(List<String> lines) {
        assertThat(lines).noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
        List<String> errors = lines.stream().filter(l -> l.contains(" ERROR ")).toList();
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    /** The time between the first and the last log line that name the peer (the log's HH:mm:ss.SSS). */
    private static Duration waited(List<String> lines, String peer) {
        List<LocalTime> times = lines.stream().filter(l -> l.contains(peer))
                .map(l -> LocalTime.parse(l.substring(0, "HH:mm:ss.SSS".length()))).toList();
        assertThat(times).as("lines naming " + peer).hasSizeGreaterThanOrEqualTo(2);
        Duration between = Duration.between(times.get(0), times.get(times.size() - 1));
        return between.isNegative() ? between.plusDays(1) : between;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
