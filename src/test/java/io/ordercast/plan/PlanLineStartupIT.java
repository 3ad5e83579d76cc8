package io.ordercast.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.ordercast.OrdercastApplication;
import io.ordercast.support.FailedStart;
import io.ordercast.support.RunningService;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An integrator's typo in a plan line of the router stops the start, naming the line and what is wrong,
 * instead of a notification silently SUPPRESSED (unknown channel) or an error at run time (priority).
 */
class PlanLineStartupIT {

    private static final String PAID_SELLER_LINE = "plan:order-to-ship?role=seller&channel=email&priority=HIGH";

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "plan:order-to-ship?role=seller&channel=emial&priority=HIGH  | unknown channel 'emial'",
            "plan:order-to-ship?role=seller&channel=email&priority=URGENT | unknown priority 'URGENT'",
            "plan:order-to-ship?role=shop&channel=email&priority=HIGH    | unknown role 'shop'",
            "plan:order-to-shipp?role=seller&channel=email&priority=HIGH | no template for order-to-shipp on email",
            "plan:order-to-ship?role=seller&channel=email&prority=HIGH   | unknown option [prority]",
            "plan:order-to-ship?role=seller&channel=email                | no priority",
            "plan:order-to-ship?role=seller&channel=email&priority=HIGH&delay=3 days | delay '3 days' is not an ISO-8601 duration",
            "plan:order-to-ship?role=seller&channel=email&priority=HIGH&digest=hourly | digest 'hourly' is not an ISO-8601 duration",
            "plan:order-paid?role=seller&channel=email&priority=HIGH&digest=PT1H | no template for order-paid-digest on email",
            "plan:order-paid?role=buyer&channel=push&priority=HIGH&digest=PT1H | digest= is for channels with one address per recipient"
    })
    void should_not_start_with_a_bad_plan_line(String line, String reason) throws IOException {
        Path routes = packagedRoutesWith(PAID_SELLER_LINE, line.strip());

        assertThatThrownBy(() -> RunningService.start(Map.of("ordercast.routes.dir", routes.toString())).close())
                .hasStackTraceContaining(reason.strip())
                .hasStackTraceContaining("plan line file:" + routes.resolve("order-router.camel.yaml") + ":" + lineOf(routes, line.strip()));
    }

    @Test
    void should_exit_1_with_one_line_naming_the_plan_line() throws Exception {
        Path routes = packagedRoutesWith(PAID_SELLER_LINE, "plan:order-to-ship?role=seller&channel=emial&priority=HIGH");

        FailedStart start = FailedStart.run(work, "-Dordercast.routes.dir=" + routes);

        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.theOneErrorLine()).contains("ordercast did not start: ")
                .contains("plan line file:" + routes.resolve("order-router.camel.yaml") + ":" + lineOf(routes, "plan:order-to-ship?role=seller&channel=emial&priority=HIGH"))
                .contains("unknown channel 'emial'");
    }

    @Test
    void should_take_the_routes_folder_from_a_system_property_too() throws Exception {
        Path routes = packagedRoutesWith(PAID_SELLER_LINE, "plan:order-to-ship?role=seller&channel=emial&priority=HIGH");
        // as java -Dordercast.routes.dir=... or ORDERCAST_ROUTES_DIR: no override properties given to main
        Map<String, String> properties = Map.of(
                "ordercast.routes.dir", routes.toString(),
                "ordercast.db.url", "jdbc:h2:mem:plan-line-sysprop;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
                "ordercast.http.port", "0",
                "ordercast.api.token", "plan-line-test");
        properties.forEach(System::setProperty);
        Main main = OrdercastApplication.newMain();
        try {
            assertThatThrownBy(main::start).hasStackTraceContaining("unknown channel 'emial'");
        } finally {
            properties.keySet().forEach(System::clearProperty);
            main.stop();
        }
    }

    private static int lineOf(Path routes, String edited) throws IOException {
        List<String> lines = Files.readAllLines(routes.resolve("order-router.camel.yaml"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(edited)) {
                return i + 1;
            }
        }
        throw new AssertionError("the edited line is not in the router");
    }

    private Path packagedRoutesWith(String line, String replacement) throws IOException {
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Path router = routes.resolve("order-router.camel.yaml");
        String text = Files.readString(router);
        assertThat(text).contains(line);
        Files.writeString(router, text.replace(line, replacement));
        return routes;
    }
}
