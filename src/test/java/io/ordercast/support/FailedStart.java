package io.ordercast.support;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ordercast.OrdercastApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service started as its own process, as a shell or a container starts it, with settings it must refuse: what
 * the operator reads on the console and the exit code the orchestrator sees.
 */
public record FailedStart(int exitCode, List<String> lines) {

    /** Starts the service with {@code settings} (-Dkey=value) on its embedded defaults in {@code work}, until it ends. */
    public static FailedStart run(Path work, String... settings) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = work.resolve("service.log");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Dordercast.http.port=" + freePort(),
                "-Dordercast.api.token=" + RunningService.API_TOKEN,
                "-Dordercast.db.url=jdbc:h2:file:" + work.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                // its own embedded broker: a process that started by mistake must not consume the tests' events
                "-Dordercast.rabbitmq.url=embedded"));
        command.addAll(List.of(settings));
        command.add(OrdercastApplication.class.getName());
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the process ended by itself").isTrue();
            return new FailedStart(process.exitValue(), Files.readAllLines(log));
        } finally {
            process.destroyForcibly();
        }
    }

    /** The one ERROR line of the start, after checking that no line of the console is a stack trace's. */
    public String theOneErrorLine() {
        assertThat(lines).as("the console").noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
        List<String> errors = lines.stream().filter(l -> l.contains(" ERROR ")).toList();
        assertThat(errors).as("the console's ERROR lines").hasSize(1);
        return errors.get(0);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
