package io.ordercast.observe;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.ordercast.support.Events;
import io.ordercast.support.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * /observe/metrics as Prometheus scrapes it, after events went through: lint-clean for
 * {@code promtool check metrics}, with JVM and process metrics, and the names docs/operations.md documents.
 */
class MetricsScrapeIT {

    private static RunningService service;
    private static String scrape;

    @BeforeAll
    static void start() throws Exception {
        service = RunningService.start();
        String orderId = Events.newOrderId();
        service.publish(event(orderId, "CREATED").sequence(1));
        service.publish(event(orderId, "PAID").sequence(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> service.timeline(orderId).size() == 2);
        var response = service.get("/observe/metrics", null);
        assertThat(response.statusCode()).isEqualTo(200);
        scrape = response.body();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void should_pass_promtool_check_metrics_without_a_word() throws Exception {
        File promtool = onPath("promtool");
        // a laptop without Prometheus skips this; .ci/run installs it
        assumeTrue(promtool != null, "promtool is not installed (apt-get install prometheus)");

        Process check = new ProcessBuilder(promtool.getPath(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String lint = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(lint).isEmpty();
        assertThat(check.exitValue()).isZero();
    }

    @Test
    void should_expose_jvm_and_process_metrics() {
        // not jvm_gc_pause_seconds: micrometer registers it at the first garbage collection after binding
        assertThat(scrape).contains("\njvm_memory_used_bytes{", "\njvm_gc_live_data_size_bytes ", "\njvm_threads_live_threads ",
                "\njvm_classes_loaded_classes ", "\nprocess_cpu_usage ", "\nprocess_uptime_seconds ",
                "\nprocess_start_time_seconds ", "\nprocess_files_open_files ", "\nsystem_cpu_cores ");
    }

    @Test
    void should_keep_the_route_metrics_readme_documents_with_snake_case_labels() {
        assertThat(scrape).containsPattern("\ncamel_exchanges_total\\{[^}]*route_id=\"order-ingest\"[^}]*} [1-9]")
                .containsPattern("\ncamel_exchanges_failed_total\\{[^}]*route_id=\"order-ingest\"")
                .containsPattern("\ncamel_route_policy_seconds_count\\{[^}]*route_id=\"order-ingest\"[^}]*} [1-9]")
                .containsPattern("\ncamel_routes_running_routes\\{")
                .doesNotContain("routeId=", "camelContext=");
    }

    private static File onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> new File(dir, program))
                .filter(File::canExecute)
                .findFirst().orElse(null);
    }
}
