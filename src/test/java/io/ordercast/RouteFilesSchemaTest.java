package io.ordercast;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.networknt.schema.JsonSchema;
import io.ordercast.routes.RouteFileSchema;
import io.ordercast.support.LogCapture;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Build gate: every YAML route file validates against the YAML DSL JSON schema that camel-yaml-dsl
 * ships (schema/camelYamlDsl.json in its jar), so Camel tooling opens them and typos fail the build.
 */
class RouteFilesSchemaTest {

    static Stream<Path> routeFiles() throws IOException {
        Path resources = Path.of("src/main/resources");
        return Stream.of("routes", "error")
                .map(resources::resolve)
                .flatMap(RouteFilesSchemaTest::yamlFilesIn);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void should_validate_against_the_camel_yaml_dsl_schema(Path file) throws IOException {
        assertThat(RouteFileSchema.problems(Files.readString(file))).as("schema errors in %s", file).isEmpty();
    }

    @Test
    void should_find_the_route_files() throws IOException {
        assertThat(routeFiles().map(p -> p.getFileName().toString()).toList())
                .contains("order-ingest.camel.yaml", "order-router.camel.yaml", "ingest-errors.camel.yaml");
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

    private static Stream<Path> yamlFilesIn(Path dir) {
        try {
            List<Path> files = Files.list(dir).filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList();
            return files.stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void should_accept_a_property_placeholder_where_a_number_is_expected_and_nothing_else() throws IOException {
        String policy = "- routeConfiguration:\n    id: x\n    errorHandler:\n      deadLetterChannel:\n"
                + "        deadLetterUri: direct:x\n        redeliveryPolicy:\n          maximumRedeliveries: %s\n";
        assertThat(RouteFileSchema.problems(policy.formatted("\"{{ordercast.notify.retry.maximum}}\""))).isEmpty();
        assertThat(RouteFileSchema.problems(policy.formatted("three"))).isNotEmpty();
    }

}
