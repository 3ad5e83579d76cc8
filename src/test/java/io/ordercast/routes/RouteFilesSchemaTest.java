package io.ordercast.routes;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import io.ordercast.support.LogCapture;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Build gate: every YAML route file (routes, route configurations, the Kamelets' templates) validates against the
 * YAML DSL JSON schema that camel-yaml-dsl ships (schema/camelYamlDsl.json in its jar), as Kaoto and the VS Code
 * Camel extension read it, so Camel tooling opens them without a flag and typos fail the build.
 */
class RouteFilesSchemaTest {

    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            return files.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList().stream();
        }
    }

    static Stream<Path> kamelets() throws IOException {
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            return files.filter(p -> p.toString().endsWith(".kamelet.yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void should_validate_against_the_camel_yaml_dsl_schema(Path file) throws IOException {
        assertThat(RouteFileSchema.problems(Files.readString(file))).as("schema errors in %s", file).isEmpty();
    }

    /** A Kamelet's spec.template is a route's from (and beans), which tooling checks as such. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kamelets")
    void should_validate_a_kamelets_template_against_the_camel_yaml_dsl_schema(Path file) throws IOException {
        JsonNode template = YAML.readTree(file.toFile()).path("spec").path("template");
        assertThat(template.has("from")).as("%s has spec.template.from", file).isTrue();
        ArrayNode asRouteFile = YAML.createArrayNode();
        asRouteFile.addObject().putObject("route").set("from", template.get("from"));
        if (template.has("beans")) {
            asRouteFile.addObject().set("beans", template.get("beans"));
        }

        assertThat(RouteFileSchema.problems(YAML.writeValueAsString(asRouteFile))).as("schema errors in %s", file).isEmpty();
    }

    @Test
    void should_find_every_route_file_and_kamelet() throws IOException {
        assertThat(routeFiles().map(p -> p.getFileName().toString()).toList())
                .contains("order-ingest.camel.yaml", "order-router.camel.yaml", "ingest-errors.camel.yaml",
                        "notify-errors.camel.yaml");
        assertThat(kamelets().map(p -> p.getFileName().toString()).toList())
                .contains("ordercast-order-event-sink.kamelet.yaml", "ordercast-notification-source.kamelet.yaml");
    }

    @Test
    void should_catch_a_misspelt_key() throws IOException {
        String broken = "- route:\n    id: x\n    from:\n      uri: direct:x\n      steps:\n        - set-header:\n            name: a\n            constant: b\n";
        assertThat(RouteFileSchema.problems(broken)).isNotEmpty();
    }

    @Test
    void should_say_where_a_file_is_not_yaml() {
        assertThat(RouteFileSchema.problems("- route:\n    id: x\n  from: [\n")).singleElement().asString()
                .startsWith("not YAML: ").contains("line ");
    }

    @Test
    void should_log_no_warning_at_the_first_check() throws Exception {
        String router = Files.readString(Path.of("src/main/resources/routes/order-router.camel.yaml"));
        try (FirstUse fresh = new FirstUse(); LogCapture log = LogCapture.begin()) {
            Method problems = fresh.loadClass(RouteFileSchema.class.getName()).getMethod("problems", String.class);

            assertThat((List<?>) problems.invoke(null, router)).isEmpty();
            assertThat(log.lines()).filteredOn(line -> line.level().isMoreSpecificThan(Level.WARN)).isEmpty();
        }
    }

    /**
     * RouteFileSchema and the schema validator loaded anew, the rest shared: the validator warns about a keyword
     * once per class loader, so in a class loader of their own the check is the first one whichever test ran before.
     */
    private static final class FirstUse extends URLClassLoader {

        FirstUse() {
            super(new URL[] {location(RouteFileSchema.class), location(JsonSchema.class)},
                    RouteFilesSchemaTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(RouteFileSchema.class.getName()) && !name.startsWith("com.networknt.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
            }
        }

        private static URL location(Class<?> type) {
            return type.getProtectionDomain().getCodeSource().getLocation();
        }
    }

    @Test
    void should_refuse_a_property_placeholder_where_the_schema_wants_a_number() {
        String policy = "- routeConfiguration:\n    id: x\n    errorHandler:\n      deadLetterChannel:\n"
                + "        deadLetterUri: direct:x\n        redeliveryPolicy:\n          maximumRedeliveries: %s\n";
        assertThat(RouteFileSchema.problems(policy.formatted("3"))).isEmpty();
        assertThat(RouteFileSchema.problems(policy.formatted("\"{{ordercast.notify.retry.maximum}}\""))).isNotEmpty();
    }
}
