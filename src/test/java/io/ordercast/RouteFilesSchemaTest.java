package io.ordercast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.ordercast.routes.RouteFileSchema;
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
