package io.ordercast;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Build gate: every YAML route file validates against the YAML DSL JSON schema that camel-yaml-dsl
 * ships (schema/camelYamlDsl.json in its jar), so Camel tooling opens them and typos fail the build.
 */
class RouteFilesSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchema CAMEL_YAML_DSL = loadSchema();

    static Stream<Path> routeFiles() throws IOException {
        Path resources = Path.of("src/main/resources");
        return Stream.of("routes", "error")
                .map(resources::resolve)
                .flatMap(RouteFilesSchemaTest::yamlFilesIn);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void should_validate_against_the_camel_yaml_dsl_schema(Path file) throws IOException {
        JsonNode routes = YAML.readTree(file.toFile());
        Set<ValidationMessage> errors = CAMEL_YAML_DSL.validate(routes);
        assertThat(errors).as("schema errors in %s", file).isEmpty();
    }

    @Test
    void should_find_the_route_files() throws IOException {
        assertThat(routeFiles().map(p -> p.getFileName().toString()).toList())
                .contains("order-ingest.camel.yaml", "order-router.camel.yaml", "ingest-errors.camel.yaml");
    }

    @Test
    void should_catch_a_misspelt_key() throws IOException {
        JsonNode broken = YAML.readTree("- route:\n    id: x\n    from:\n      uri: direct:x\n      steps:\n        - set-header:\n            name: a\n            constant: b\n");
        assertThat(CAMEL_YAML_DSL.validate(broken)).isNotEmpty();
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
        assertThat(CAMEL_YAML_DSL.validate(YAML.readTree(policy.formatted("\"{{ordercast.notify.retry.maximum}}\"")))).isEmpty();
        assertThat(CAMEL_YAML_DSL.validate(YAML.readTree(policy.formatted("three")))).isNotEmpty();
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader.class
                .getResourceAsStream("/schema/camelYamlDsl.json")) {
            JsonNode schema = new ObjectMapper().readTree(in);
            acceptPlaceholders(schema);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
        } catch (IOException e) {
            throw new IllegalStateException("camelYamlDsl.json not found in camel-yaml-dsl", e);
        }
    }

    /**
     * Camel 4.17's schema types an option such as maximumRedeliveries as a number, but the model keeps it as
     * text and resolves a {{placeholder}} in it when the route starts (the schema is stricter than the
     * runtime; CAMEL-24694 lifts this in a later Camel). Every number, integer or boolean option here also
     * takes a value that is one placeholder, so the retry numbers can name their configuration keys.
     */
    private static void acceptPlaceholders(JsonNode node) {
        if (node.isObject() && node.get("properties") instanceof ObjectNode properties) {
            properties.fields().forEachRemaining(option -> {
                JsonNode type = option.getValue().get("type");
                if (type != null && Set.of("number", "integer", "boolean").contains(type.asText())) {
                    ObjectNode placeholder = JsonNodeFactory.instance.objectNode()
                            .put("type", "string").put("pattern", "^\\{\\{[^{}]+\\}\\}$");
                    ObjectNode either = JsonNodeFactory.instance.objectNode();
                    either.putArray("anyOf").add(option.getValue().deepCopy()).add(placeholder);
                    option.setValue(either);
                }
            });
        }
        node.forEach(RouteFilesSchemaTest::acceptPlaceholders);
    }
}
