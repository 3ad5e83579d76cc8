package io.ordercast.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample events under docs/examples, one per state of one order, are events the service takes. */
class ExampleEventsSchemaTest {

    private static final Path EXAMPLES = Path.of("docs/examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_validate_every_example_event_against_the_event_schema() throws IOException {
        JsonSchema schema;
        try (InputStream in = ExampleEventsSchemaTest.class.getResourceAsStream("/schema/order-event.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        List<Path> files = examples();
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(schema.validate(JSON.readTree(file.toFile()))).as(file.toString()).isEmpty();
        }
    }

    @Test
    void should_hold_one_event_per_state_of_one_order_named_after_its_state_with_sequences_from_1() throws IOException {
        List<String> states = List.of("CREATED", "PAID", "SHIPPED", "COMPLETED", "REFUND_REQUESTED", "REFUNDED", "CANCELLED");
        for (int i = 0; i < states.size(); i++) {
            JsonNode event = JSON.readTree(EXAMPLES.resolve(states.get(i).toLowerCase(Locale.ROOT) + ".json").toFile());
            assertThat(event.get("state").asText()).isEqualTo(states.get(i));
            assertThat(event.get("orderId").asText()).isEqualTo("SO-EXAMPLE-1");
            assertThat(event.get("sequence").asInt()).isEqualTo(i + 1);
        }
        assertThat(examples()).hasSize(states.size());
    }

    private static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }
}
