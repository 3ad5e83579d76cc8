package io.ordercast.routes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.ordercast.support.PackagedRoutes;
import io.ordercast.support.Events;
import io.ordercast.support.LogCapture;
import io.ordercast.support.RunningService;
import org.apache.camel.support.FileWatcherResourceReloadStrategy;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ordercast.support.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * issue 11, routes reload: with ordercast.routes.dir and ordercast.routes.reload=true, a saved route file
 * replaces its routes while the service runs; a file that does not validate, or that Camel cannot build, is
 * refused with the reason and the routes that ran keep running, untouched. A refused file is refused once and
 * holds no other file back.
 */
class RoutesReloadIT {

    private static final String CREATED_LINE = "                  - to: \"plan:order-created?role=buyer&channel=email&priority=NORMAL\"\n";
    private static final String SELLER_LINE = "                  - to: \"plan:order-to-ship?role=seller&channel=email&priority=LOW\"\n";

    @TempDir
    Path work;

    @Test
    void should_reload_a_saved_route_file_and_refuse_one_that_is_not_valid_keeping_the_running_routes() throws Exception {
        Path routes = PackagedRoutes.copyTo(work.resolve("routes"));
        Path router = routes.resolve("order-router.camel.yaml");
        String original = Files.readString(router);
        assertThat(original).contains(CREATED_LINE);
        try (LogCapture log = LogCapture.begin();
             RunningService service = RunningService.start(Map.of("ordercast.routes.dir", routes.toString(),
                     "ordercast.routes.reload", "true"))) {
            assertThat(sellerTold(service, createdOrder(service))).isFalse();

            // an integrator tells the seller about new orders too, and saves the file
            String withSeller = original.replace(CREATED_LINE, CREATED_LINE + SELLER_LINE);
            Files.writeString(router, withSeller);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> sellerTold(service, createdOrder(service)));

            // a typo the YAML DSL does not know: refused before Camel sees it
            Files.writeString(router, withSeller.replace(SELLER_LINE, SELLER_LINE.replace("- to:", "- too:")));
            // a save may reach the watcher as two events (truncate, write): the file is read once it is still
            await().atMost(Duration.ofSeconds(30)).until(() -> refusals(log).stream().anyMatch(r -> r.contains("too")));
            assertThat(refusals(log)).singleElement().asString()
                    .contains("order-router.camel.yaml refused, the running routes stay").contains("too");
            assertThat(sellerTold(service, createdOrder(service))).isTrue();

            // valid YAML that Camel cannot build (a plan line naming no channel it knows): refused before the running
            // router is touched
            Files.writeString(router, withSeller.replace(SELLER_LINE, SELLER_LINE.replace("channel=email", "channel=emial")));
            await().atMost(Duration.ofSeconds(30)).until(() -> refusals(log).stream().anyMatch(r -> r.contains("emial")));
            assertThat(refusals(log)).filteredOn(r -> r.contains("emial")).singleElement().asString()
                    .contains("order-router.camel.yaml refused, the running routes stay");
            assertThat(sellerTold(service, createdOrder(service))).isTrue();
            assertThat(log.lines()).noneMatch(l -> l.message().contains("could not be loaded again"));
        }
    }

    @Test
    void should_refuse_a_file_once_keep_reloading_the_others_and_never_stop_the_running_routes() throws Exception {
        Path routes = PackagedRoutes.copyTo(work.resolve("routes"));
        Path router = routes.resolve("order-router.camel.yaml");
        String withSeller = Files.readString(router).replace(CREATED_LINE, CREATED_LINE + SELLER_LINE);
        Path forbidden = routes.resolve("exec.camel.yaml");
        Path unbuildable = routes.resolve("no-such-bean.camel.yaml");
        try (LogCapture log = LogCapture.begin();
             RunningService service = RunningService.start(Map.of("ordercast.routes.dir", routes.toString(),
                     "ordercast.routes.reload", "true"))) {
            // a component outside the allow-list (and not packaged: camel-exec), and a bean the registry does not have
            Files.writeString(forbidden, route("exec-step", "to: \"exec:true\""));
            await().atMost(Duration.ofSeconds(30)).until(() -> refusalsOf(log, forbidden).size() == 1);
            Files.writeString(unbuildable, route("no-such-bean", "bean: {ref: noSuchBean, method: x}"));
            await().atMost(Duration.ofSeconds(30)).until(() -> refusalsOf(log, unbuildable).size() == 1);
            assertThat(refusalsOf(log, forbidden)).singleElement().asString().contains("component 'exec'");
            assertThat(refusalsOf(log, unbuildable)).singleElement().asString().contains("noSuchBean");

            // another file saved after them reloads: the refused ones hold nothing back, and are not refused again
            Files.writeString(router, withSeller);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> sellerTold(service, createdOrder(service)));
            assertThat(refusalsOf(log, router)).isEmpty();
            assertThat(refusalsOf(log, forbidden)).hasSize(1);
            assertThat(refusalsOf(log, unbuildable)).hasSize(1);
            assertThat(service.context().getRoute("exec-step")).isNull();
            assertThat(service.context().getRoute("no-such-bean")).isNull();

            // deleting a refused file forgets it
            Files.delete(forbidden);
            Files.delete(unbuildable);
            await().atMost(Duration.ofSeconds(30)).until(() -> log.lines().stream()
                    .filter(l -> l.message().contains("deleted; it is no longer refused")).count() == 2);

            // a version of the router Camel cannot build is refused without stopping the router that runs
            org.apache.camel.Route running = service.context().getRoute("order-router");
            Files.writeString(router, withSeller.replace(SELLER_LINE, SELLER_LINE.replace("channel=email", "channel=emial")));
            await().atMost(Duration.ofSeconds(30)).until(() -> refusalsOf(log, router).size() == 1);
            assertThat(service.context().getRoute("order-router")).isSameAs(running);
            assertThat(service.context().getRouteController().getRouteStatus("order-router").isStarted()).isTrue();
            assertThat(sellerTold(service, createdOrder(service))).isTrue();
        }
    }

    @Test
    void should_reload_every_packaged_route_file_saved_again_without_refusing_one() throws Exception {
        Path routes = PackagedRoutes.copyTo(work.resolve("routes"));
        List<Path> files;
        try (var list = Files.list(routes)) {
            files = list.sorted().toList();
        }
        try (LogCapture log = LogCapture.begin();
             RunningService service = RunningService.start(Map.of("ordercast.routes.dir", routes.toString(),
                     "ordercast.routes.reload", "true"))) {
            // the trial build takes every shape ordercast's own files have: routes, rests, templates, templated routes
            for (Path file : files) {
                Files.writeString(file, Files.readString(file) + "# saved again\n");
                await().atMost(Duration.ofSeconds(30)).until(() -> log.lines().stream().anyMatch(l -> l.message()
                        .startsWith("route file " + file.getFileName() + " reloaded")));
            }
            assertThat(refusals(log)).isEmpty();
            assertThat(service.get("/api/orders/unknown", RunningService.API_TOKEN).statusCode()).isEqualTo(404);
            assertThat(sellerTold(service, createdOrder(service))).isFalse();
        }
    }

    @Test
    void should_log_one_error_for_a_refused_save_that_reaches_the_file_in_two_pieces() throws Exception {
        Path routes = PackagedRoutes.copyTo(work.resolve("routes"));
        Path router = routes.resolve("order-router.camel.yaml");
        byte[] typo = Files.readString(router).replace(CREATED_LINE, CREATED_LINE.replace("- to:", "- too:"))
                .getBytes(StandardCharsets.UTF_8);
        // the first piece ends inside a quoted value: on its own it is not even YAML
        int cut = new String(typo, StandardCharsets.UTF_8).indexOf("\"plan:order-created") + 6;
        String watcher = FileWatcherResourceReloadStrategy.class.getName();
        Configurator.setLevel(watcher, Level.DEBUG);
        try (LogCapture log = LogCapture.begin();
             RunningService service = RunningService.start(Map.of("ordercast.routes.dir", routes.toString(),
                     "ordercast.routes.reload", "true"))) {
            int before = log.lines().size();
            org.apache.camel.Route running = service.context().getRoute("order-router");
            Path piece = routes.resolve("order-router.part");
            Files.write(piece, Arrays.copyOf(typo, cut));
            Files.move(piece, router, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            // the rest is written once the watcher has seen the first piece, as a slow writer's would be
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> log.lines().stream()
                    .skip(before).anyMatch(l -> l.message().startsWith("Accepted Modified/Created file: " + router)));
            Files.write(router, Arrays.copyOfRange(typo, cut, typo.length), StandardOpenOption.APPEND);
            await().atMost(Duration.ofSeconds(30)).until(() -> !refusalsOf(log, router).isEmpty());

            // a file saved after it reloads: by then every watch event of the save has been dealt with
            Path later = routes.resolve("later.camel.yaml");
            Files.writeString(later, route("later", "log: later"));
            await().atMost(Duration.ofSeconds(30)).until(() -> log.lines().stream()
                    .anyMatch(l -> l.message().startsWith("route file later.camel.yaml reloaded")));
            List<LogCapture.Line> errors = log.lines().stream().skip(before).filter(l -> l.level() == Level.ERROR).toList();
            assertThat(errors).singleElement().extracting(LogCapture.Line::message).asString()
                    .contains("order-router.camel.yaml refused, the running routes stay").contains("'too'");
            assertThat(log.lines()).noneMatch(l -> l.logger().equals(watcher) && l.level() == Level.WARN);
            assertThat(service.context().getRoute("order-router")).isSameAs(running);
        } finally {
            Configurator.setLevel(watcher, (Level) null);
        }
    }

    @Test
    void should_refuse_to_start_with_camels_own_route_reload_beside_it() throws Exception {
        Path routes = PackagedRoutes.copyTo(work.resolve("routes"));
        // Camel's reload would load every saved file unchecked, and tell a refused save a second time
        assertThatThrownBy(() -> RunningService.start(Map.of("ordercast.routes.dir", routes.toString(),
                "ordercast.routes.reload", "true", "camel.main.routes-reload-enabled", "true",
                "camel.main.routes-reload-directory", routes.toString())).close())
                .hasStackTraceContaining("camel.main.routes-reload-enabled loads route files without ordercast's"
                        + " schema and allow-list checks")
                .hasStackTraceContaining("use ordercast.routes.reload");
    }

    @Test
    void should_refuse_to_start_with_reload_on_and_no_routes_folder() {
        assertThatThrownBy(() -> RunningService.start(Map.of("ordercast.routes.reload", "true")).close())
                .hasStackTraceContaining("ordercast.routes.reload needs ordercast.routes.dir");
    }

    private static String route(String id, String step) {
        return "- route:\n    id: " + id + "\n    from:\n      uri: direct:" + id + "\n      steps:\n        - " + step + "\n";
    }

    private static List<String> refusalsOf(LogCapture log, Path file) {
        return refusals(log).stream().filter(r -> r.contains(file.getFileName() + " refused, ")).toList();
    }

    private static List<String> refusals(LogCapture log) {
        return log.lines().stream().filter(l -> l.level() == Level.ERROR && l.message().contains(" refused, "))
                .map(LogCapture.Line::message).toList();
    }

    private static String createdOrder(RunningService service) {
        String orderId = Events.newOrderId();
        service.publish(event(orderId, "CREATED").sequence(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> !service.notifications(orderId).isEmpty());
        return orderId;
    }

    private static boolean sellerTold(RunningService service, String orderId) {
        return service.notifications(orderId).stream().anyMatch(n -> "order-to-ship".equals(n.get("template")));
    }
}
