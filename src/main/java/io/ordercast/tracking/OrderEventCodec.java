package io.ordercast.tracking;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.common.Redaction;

/**
 * Reads an order event out of JSON that has passed the JSON Schema; checks what the schema cannot
 * (that occurredAt is a real instant, that the state is one the state machine knows).
 */
public final class OrderEventCodec {

    private static final String DEFAULT_LOCALE = "zh-CN";

    private final ObjectMapper mapper;
    private final StateMachine stateMachine;

    public OrderEventCodec(ObjectMapper mapper, StateMachine stateMachine) {
        // one JSON value and nothing after it: {"a":1}}} is not an event
        this.mapper = mapper.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.stateMachine = stateMachine;
    }

    public OrderEvent read(byte[] body) {
        String json = strictUtf8(body);
        JsonNode root = parse(json);
        String state = text(root, "state");
        if (!stateMachine.isKnown(state)) {
            throw new InvalidEventException("state: unknown state '" + Redaction.mask(state)
                    + "' (known: " + stateMachine.states() + ")");
        }
        return new OrderEvent(text(root, "eventId"), text(root, "orderId"), state,
                root.hasNonNull("sequence") ? root.get("sequence").asLong() : null,
                instant(text(root, "occurredAt")), party(root.get("buyer"), DEFAULT_LOCALE),
                party(root.get("seller"), DEFAULT_LOCALE), json);
    }

    OrderEvent fromStored(String eventId, String orderId, String state, Long sequence, Instant occurredAt,
                          String payload) {
        JsonNode root = parse(payload);
        return new OrderEvent(eventId, orderId, state, sequence, occurredAt,
                party(root.get("buyer"), DEFAULT_LOCALE), party(root.get("seller"), DEFAULT_LOCALE), payload);
    }

    /** Lenient decoding would turn bad bytes into U+FFFD and store them; refuse them instead. */
    private static String strictUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidEventException("not JSON: the body is not valid UTF-8 (" + e.getMessage() + ")");
        }
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("not JSON: " + Redaction.mask(e.getOriginalMessage()));
        }
    }

    private static Party party(JsonNode node, String defaultLocale) {
        if (node == null || !node.isObject()) {
            return null;
        }
        String locale = text(node, "locale");
        return new Party(text(node, "id"), text(node, "name"), text(node, "email"), text(node, "phone"),
                locale == null || locale.isBlank() ? defaultLocale : locale);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidEventException("occurredAt: '" + Redaction.mask(value)
                    + "' is not an ISO-8601 instant such as 2026-11-22T08:15:30Z");
        }
    }
}
