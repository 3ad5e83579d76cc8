package io.ordercast.routes;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ordercast.support.LogCapture;
import io.ordercast.support.PackagedRoutes;
import io.ordercast.support.RunningService;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Whoever can write the routes folder can change how orders are routed, not take over the host: a route file there
 * that declares a bean of any class, uses a component ordercast does not use (exec, file), or computes such an
 * endpoint while it runs is refused or fails, and nothing runs; an HTTP endpoint it opens needs the API token.
 */
class RoutesFolderSandboxIT {

    @TempDir
    Path work;

    @Test
    void should_refuse_a_saved_route_file_with_a_runtime_bean_and_never_run_its_command() throws Exception {
        Path marker = work.resolve("pwned");
        Path routes = PackagedRoutes.copyTo(work.resolve("routes"));
        try (LogCapture log = LogCapture.begin();
             RunningService service = RunningService.start(Map.of("ordercast.routes.dir", routes.toString(),
                     "ordercast.routes.reload", "true"))) {
            Files.writeString(routes.resolve("runner.camel.yaml"), commandRunner(marker));
            await().atMost(Duration.ofSeconds(30)).until(() -> !refusals(log, "runner.camel.yaml").isEmpty());
            assertThat(refusals(log, "runner.camel.yaml")).singleElement().asString()
                    .contains("class java.lang.Runtime is not allowed").contains("ordercast.routes.allowed-bean-types");

            // a file saved after it is loaded: the watcher is done with the refused one
            Files.writeString(routes.resolve("probe.camel.yaml"),
                    "- route:\n    id: probe\n    from:\n      uri: direct:probe\n      steps:\n        - log: probe\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> service.context().getRoute("probe") != null);
            assertThat(service.context().getRoute("pwn")).isNull();
            assertThat(service.context().getRegistry().lookupByName("runtime")).isNull();
        }
        assertThat(marker).doesNotExist();
    }

    @Test
    void should_not_start_with_a_route_file_that_runs_commands() throws Exception {
        Path marker = work.resolve("pwned");
        Path routes = PackagedRoutes.copyTo(work.resolve("routes"));
        Path runner = Files.writeString(routes.resolve("runner.camel.yaml"), commandRunner(marker));

        assertThatThrownBy(() -> RunningService.start(Map.of("ordercast.routes.dir", routes.toString())).close())
                .hasStackTraceContaining("route file " + runner + " is refused")
                .hasStackTraceContaining("class java.lang.Runtime is not allowed");
        assertThat(marker).doesNotExist();
    }

    @Test
    void should_keep_an_http_endpoint_of_a_route_file_behind_the_api_token() throws Exception {
        Path routes = PackagedRoutes.copyTo(work.resolve("routes"));
        Files.writeString(routes.resolve("open.camel.yaml"), """
                - route:
                    id: open-order
                    from:
                      uri: "platform-http:/open/{orderId}"
                      steps:
                        - setBody:
                            constant: "the order's data"
                """);
        try (RunningService service = RunningService.start(Map.of("ordercast.routes.dir", routes.toString()))) {
            HttpResponse<String> anonymous = service.get("/open/o-1", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).startsWith("{\"error\":").doesNotContain("order's data");
            assertThat(service.get("/open/o-1", "wrong-token").statusCode()).isEqualTo(401);
            assertThat(service.get("/open/o-1", RunningService.API_TOKEN).body()).isEqualTo("the order's data");
            assertThat(service.get("/observe/health", null).statusCode()).isEqualTo(200);
        }
        // unless the operator opens the path
        try (RunningService service = RunningService.start(Map.of("ordercast.routes.dir", routes.toString(),
                "ordercast.routes.http-without-token", "/open/*"))) {
            HttpResponse<String> anonymous = service.get("/open/o-1", null);
            assertThat(anonymous.statusCode()).isEqualTo(200);
            assertThat(anonymous.body()).isEqualTo("the order's data");
            assertThat(service.get("/api/orders/o-1", null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void should_not_make_an_endpoint_outside_the_allow_list_that_a_route_computes_while_it_runs() throws Exception {
        Path written = work.resolve("written");
        Path routes = PackagedRoutes.copyTo(work.resolve("routes"));
        Files.writeString(routes.resolve("writer.camel.yaml"), """
                - route:
                    id: writer
                    from:
                      uri: "platform-http:/write"
                      steps:
                        - setBody:
                            constant: "written by a route"
                        - toD: "${header.target}"
                """);
        try (RunningService service = RunningService.start(Map.of("ordercast.routes.dir", routes.toString()))) {
            String target = "file:" + work + "?fileName=written";
            HttpResponse<String> answer = service.send(HttpRequest.newBuilder(URI.create(service.uri("/write")
                            + "?target=" + java.net.URLEncoder.encode(target, java.nio.charset.StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + RunningService.API_TOKEN).GET().build());
            assertThat(answer.statusCode()).isEqualTo(500);
        }
        assertThat(written).doesNotExist();
    }

    @Test
    void should_let_the_operator_allow_a_component_and_a_bean_type() throws Exception {
        Path routes = PackagedRoutes.copyTo(work.resolve("routes"));
        Files.writeString(routes.resolve("extra.camel.yaml"), """
                - beans:
                    - name: greeting
                      type: java.lang.StringBuilder
                - route:
                    id: to-seda
                    from:
                      uri: direct:to-seda
                      steps:
                        - to: "seda:elsewhere"
                """);
        Map<String, String> properties = new HashMap<>(Map.of("ordercast.routes.dir", routes.toString(),
                "ordercast.routes.allowed-components", "seda",
                "ordercast.routes.allowed-bean-types", "java.lang.StringBuilder"));
        try (RunningService service = RunningService.start(properties)) {
            assertThat(service.context().getRoute("to-seda")).isNotNull();
            assertThat(service.context().getRegistry().lookupByName("greeting")).isInstanceOf(StringBuilder.class);
        }
    }

    /** The file: a Runtime bean, and a step that has it run a command. */
    private static String commandRunner(Path marker) {
        return """
                - beans:
                    - name: runtime
                      type: java.lang.Runtime
                      factoryMethod: getRuntime
                - route:
                    id: pwn
                    from:
                      uri: "timer:pwn?period=100"
                      steps:
                        - bean:
                            ref: runtime
                            method: "exec('touch %s')"
                """.formatted(marker);
    }

    private static List<String> refusals(LogCapture log, String file) {
        return log.lines().stream().filter(l -> l.level() == Level.ERROR && l.message().contains(file + " refused, "))
                .map(LogCapture.Line::message).toList();
    }
}
