package io.ordercast.routes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;

/**
 * What a route file from the routes folder must pass before Camel reads it: on every live save the YAML DSL schema
 * ({@link RouteFileSchema}) and the allow-list ({@link RouteFilePolicy}); at start the allow-list alone, because
 * the schema validator needs more than a hundred megabytes of heap for a while, and at start Camel's own reading
 * stops on what the schema would find.
 */
public final class RouteFileCheck {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final RouteFilePolicy policy;

    public RouteFileCheck(RouteFilePolicy policy) {
        this.policy = policy;
    }

    /** The check for this context: the components it can find on the class path are recognised in any text. */
    public static RouteFileCheck of(CamelContext context, RouteAllowList allowList) {
        return new RouteFileCheck(new RouteFilePolicy(allowList,
                PluginHelper.getComponentNameResolver(context).resolveNames(context)));
    }

    /** Why the file's content is refused on a live save, each with where it is; empty when it passes. */
    public List<String> problems(String content) {
        List<String> schema = RouteFileSchema.problems(content);
        return schema.isEmpty() ? outsideAllowList(content) : schema;
    }

    /** What the file's content uses beyond the allow-list, each with where it is; empty when nothing. */
    public List<String> outsideAllowList(String content) {
        List<JsonNode> documents = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(content)) {
            while (parser.nextToken() != null) {
                documents.add(YAML.readTree(parser));
            }
        } catch (IOException e) {
            return List.of("not YAML: " + e.getMessage());
        }
        if (documents.size() != 1) {
            // Camel reads every document of a file, the schema check only the first
            return List.of("a route file holds one YAML document; this one holds " + documents.size());
        }
        return policy.problems(documents.get(0));
    }
}
