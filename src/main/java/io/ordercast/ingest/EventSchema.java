package io.ordercast.ingest;

import java.io.IOException;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import io.ordercast.tracking.ParsedEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.jsonvalidator.DefaultJsonUriSchemaLoader;

/**
 * Parses an event's body once and checks it against the JSON Schema; the reader then takes the same tree.
 * camel-json-validator (4.17) cannot be handed a parsed tree: it turns any body into a stream and parses it
 * itself, so with it every event was parsed twice. This does what that endpoint did, on the tree: the same
 * parse (a default ObjectMapper reading the bytes, the first JSON value), the schema loaded by the
 * endpoint's own loader, and every failure handed to {@link EventSchemaErrors}, so the reasons read as before.
 */
public class EventSchema {

    private final ObjectMapper mapper = new ObjectMapper();
    private final String schemaUri;
    private final EventSchemaErrors errors;
    private volatile JsonSchema schema;

    public EventSchema(String schemaUri, EventSchemaErrors errors) {
        this.schemaUri = schemaUri;
        this.errors = errors;
    }

    /** The body's tree, checked; throws {@link io.ordercast.tracking.InvalidEventException} when it is not an event. */
    public ParsedEvent check(byte[] body, Exchange exchange) throws Exception {
        JsonSchema loaded = schema(exchange.getContext());
        ParsedEvent parsed;
        try {
            parsed = parse(body);
            Set<ValidationMessage> messages = loaded.validate(parsed.tree());
            if (!messages.isEmpty()) {
                errors.handleErrors(exchange, loaded, messages);
            }
        } catch (Exception e) {
            // as json-validator did: every failure, the handler's own included, goes to the handler, which throws
            errors.handleErrors(exchange, loaded, e);
            throw e;
        }
        return parsed;
    }

    private ParsedEvent parse(byte[] body) throws IOException {
        try (JsonParser parser = mapper.createParser(body)) {
            JsonNode tree = mapper.readTree(parser);
            // no content at all: json-validator's parse gave the missing node, which the schema turns away
            return new ParsedEvent(body, tree == null ? MissingNode.getInstance() : tree, !atEnd(parser));
        }
    }

    /**
     * Whether only whitespace follows the first value. json-validator ignored what follows; the reader turns it
     * away afterwards, with the strict parser's own words, so here it is only noted.
     */
    private static boolean atEnd(JsonParser parser) {
        try {
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Loaded on the first event, as the endpoint loaded it, and kept. */
    private JsonSchema schema(CamelContext context) throws Exception {
        JsonSchema loaded = schema;
        if (loaded == null) {
            synchronized (this) {
                if (schema == null) {
                    schema = new DefaultJsonUriSchemaLoader().createSchema(context, schemaUri);
                }
                loaded = schema;
            }
        }
        return loaded;
    }
}
