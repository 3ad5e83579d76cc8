package io.ordercast.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.support.Events;
import io.ordercast.tracking.InvalidEventException;
import io.ordercast.tracking.OrderEvent;
import io.ordercast.tracking.OrderEventCodec;
import io.ordercast.tracking.ParsedEvent;
import io.ordercast.tracking.StateMachine;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-parse schema check gives every body the outcome the two parses gave: camel-json-validator with
 * {@link EventSchemaErrors}, then the reader's strict parse of the text. Same event, or the same reason.
 */
class EventSchemaTest {

    private static final String SCHEMA = "schema/order-event.schema.json";

    private static CamelContext camel;
    private static ProducerTemplate producer;
    private static final OrderEventCodec CODEC = new OrderEventCodec(new ObjectMapper(), StateMachine.contractDefault());
    private static final EventSchema SCHEMA_CHECK = new EventSchema(SCHEMA, new EventSchemaErrors());

    @BeforeAll
    static void start() {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("eventSchemaErrors", new EventSchemaErrors());
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterAll
    static void stop() throws Exception {
        camel.close();
    }

    static Stream<Arguments> bodies() {
        String full = Events.event("o-1", "PAID").sequence(2).json();
        String invalid = Events.event("o-1", "PAID").without("eventId").json();
        List<Arguments> cases = new ArrayList<>();
        for (String text : List.of(full, full + "\n  \r\n\t", "  " + full, full + "}}", full + "{}", full + " 1",
                full + " [", invalid, invalid + "}}", "", "   \n ", "{", "[]", "null", "order paid", "{\"eventId\":",
                full.substring(0, full.length() - 1), full.replace('"', '\''),
                "[".repeat(5000) + "]".repeat(5000),
                Events.event("o-1", "LOST").json(),
                Events.event("o-1", "PAID").set("occurredAt", "yesterday").json())) {
            cases.add(Arguments.of("«" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "»",
                    text.getBytes(StandardCharsets.UTF_8)));
        }
        cases.add(Arguments.of("0xFF byte", withBytes(full, new byte[] {(byte) 0xFF})));
        cases.add(Arguments.of("invalid continuation", withBytes(full, new byte[] {(byte) 0xC3, (byte) 0x28})));
        cases.add(Arguments.of("overlong '/'", withBytes(full, new byte[] {(byte) 0xC0, (byte) 0xAF})));
        cases.add(Arguments.of("encoded surrogate", withBytes(full, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})));
        cases.add(Arguments.of("NUL byte", withBytes(full, new byte[] {0})));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void sameOutcomeAsJsonValidatorThenTheStrictParse(String name, byte[] body) {
        assertThat(outcome(() -> CODEC.read(SCHEMA_CHECK.check(body, exchange(body)))))
                .isEqualTo(outcome(() -> twoParses(body)));
    }

    @Test
    void readsAnEventAndNamesWhatIsWrong() {
        String full = Events.event("o-1", "PAID").sequence(2).json();
        assertThat(outcome(() -> oneParse(full + "\n"))).startsWith("read: OrderEvent[");
        assertThat(outcome(() -> oneParse(full + "}}"))).startsWith("invalid: not JSON: Unexpected close marker");
        assertThat(outcome(() -> oneParse(full + "{}"))).startsWith("invalid: not JSON: Trailing token");
        assertThat(outcome(() -> oneParse(""))).isEqualTo("invalid: not JSON: the body is empty");
        assertThat(outcome(() -> oneParse(Events.event("o-1", "PAID").without("eventId").json())))
                .startsWith("invalid: schema: ");
    }

    private static OrderEvent oneParse(String text) throws Exception {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        return CODEC.read(SCHEMA_CHECK.check(body, exchange(body)));
    }

    private static OrderEvent twoParses(byte[] body) {
        Exchange validated = producer.send("json-validator:" + SCHEMA + "?errorHandler=#eventSchemaErrors",
                e -> e.getMessage().setBody(body));
        if (validated.getException() != null) {
            throw (RuntimeException) validated.getException();
        }
        // "something follows": the reader parses the text itself, strictly, as it did after json-validator
        return CODEC.read(new ParsedEvent(body, null, true));
    }

    private static Exchange exchange(byte[] body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    /** The event read, or the reason it was turned away. */
    private static String outcome(Read read) {
        try {
            return "read: " + read.get();
        } catch (InvalidEventException e) {
            return "invalid: " + e.getMessage();
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    private interface Read {
        OrderEvent get() throws Exception;
    }

    private static byte[] withBytes(String json, byte[] inside) {
        byte[] original = json.getBytes(StandardCharsets.UTF_8);
        int at = original.length / 2;
        byte[] out = new byte[original.length + inside.length];
        System.arraycopy(original, 0, out, 0, at);
        System.arraycopy(inside, 0, out, at, inside.length);
        System.arraycopy(original, at, out, at + inside.length, original.length - at);
        return out;
    }
}
