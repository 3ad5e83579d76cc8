package io.ordercast.routes;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ordercast.OrdercastApplication;
import io.ordercast.support.PackagedRoutes;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A route file that a live reload refused stays in the folder; the next start refuses it the same way and
 * stops, naming the file to fix or remove in one line, instead of running without the routes it was meant to
 * replace.
 */
class RoutesFolderStartupIT {

    @TempDir
    Path work;

    @Test
    void should_exit_1_with_one_line_naming_the_refused_file() throws Exception {
        Path routes = PackagedRoutes.copyTo(work.resolve("routes"));
        Path broken = Files.writeString(routes.resolve("exec.camel.yaml"),
                "- route:\n    id: exec-step\n    from:\n      uri: direct:exec-step\n      steps:\n        - to: \"exec:true\"\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = work.resolve("service.log");
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "-Dordercast.routes.dir=" + routes,
                "-Dordercast.http.port=" + freePort(),
                "-Dordercast.api.token=" + RunningService.API_TOKEN,
                "-Dordercast.db.url=jdbc:h2:file:" + work.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                // its own embedded broker: a process that started by mistake must not consume the tests' events
                "-Dordercast.rabbitmq.url=embedded",
                "-Dordercast.outbox.channels=none",
                OrdercastApplication.class.getName()))
                .directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the process ended by itself").isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            List<String> lines = Files.readAllLines(log);
            assertThat(lines).filteredOn(l -> l.contains("ERROR")).singleElement().asString()
                    .contains("ordercast did not start: route file " + broken + " is refused")
                    .contains("component 'exec'")
                    .contains("Fix it or remove it from ordercast.routes.dir");
            assertThat(lines).noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void should_not_start_with_a_route_file_camel_cannot_build_naming_the_file() throws Exception {
        Path routes = PackagedRoutes.copyTo(work.resolve("routes"));
        Files.writeString(routes.resolve("no-such-bean.camel.yaml"), "- route:\n    id: no-such-bean\n    from:\n"
                + "      uri: direct:no-such-bean\n      steps:\n        - bean: {ref: noSuchBean, method: x}\n");

        assertThatThrownBy(() -> RunningService.start(Map.of("ordercast.routes.dir", routes.toString())).close())
                .hasStackTraceContaining("no-such-bean.camel.yaml")
                .hasStackTraceContaining("noSuchBean");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
