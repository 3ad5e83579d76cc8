package io.ordercast.routes;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Checks a YAML route file against the YAML DSL JSON schema that camel-yaml-dsl ships
 * (schema/camelYamlDsl.json in its jar): what Camel tooling checks, so a misspelt key or a step in the
 * wrong place is found before Camel is asked to build the routes.
 */
public final class RouteFileSchema {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /**
     * Draft 4, the schema's own $schema, plus "deprecated", which the schema puts on old options although only
     * later drafts define it: an annotation, as those drafts have it. Unknown, the validator would log a WARN
     * about it at the first check.
     */
    private static final JsonMetaSchema DRAFT_4 = JsonMetaSchema.builder(JsonMetaSchema.getV4())
            .keyword(new AnnotationKeyword("deprecated")).build();
    private static final JsonSchema CAMEL_YAML_DSL = load();

    private RouteFileSchema() {
    }

    /** The problems of the file's content, each with where it is; empty when it validates. */
    public static List<String> problems(String content) {
        JsonNode routes;
        try {
            routes = YAML.readTree(content);
        } catch (JsonProcessingException e) {
            return List.of("not YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (routes == null || routes.isMissingNode()) {
            return List.of("the file is empty");
        }
        Set<ValidationMessage> errors = CAMEL_YAML_DSL.validate(routes);
        return errors.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonSchema load() {
        try (InputStream in = org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader.class
                .getResourceAsStream("/schema/camelYamlDsl.json")) {
            // as Camel's tooling (Kaoto, the VS Code extension) reads it: a {{placeholder}} where the schema wants a
            // number is an error there, so it is one here
            JsonNode schema = new ObjectMapper().readTree(in);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, factory -> factory.metaSchema(DRAFT_4))
                    .getSchema(schema);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("camelYamlDsl.json not found in camel-yaml-dsl", e);
        }
    }
}
