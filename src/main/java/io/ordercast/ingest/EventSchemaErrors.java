package io.ordercast.ingest;

import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import io.ordercast.common.Redaction;
import io.ordercast.tracking.InvalidEventException;
import org.apache.camel.Exchange;
import org.apache.camel.component.jsonvalidator.JsonValidatorErrorHandler;

/**
 * Turns json-validator failures into one line an operator can act on, such as
 * {@code schema: $.orderId: does not match the regex pattern ...}, instead of a multi-line dump.
 */
public class EventSchemaErrors implements JsonValidatorErrorHandler {

    @Override
    public void handleErrors(Exchange exchange, JsonSchema schema, Set<ValidationMessage> errors) {
        String body = exchange.getMessage().getBody(String.class);
        if (body == null || body.isBlank()) {
            throw new InvalidEventException("not JSON: the body is empty");
        }
        throw new InvalidEventException("schema: " + errors.stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .collect(Collectors.joining("; ")));
    }

    @Override
    public void handleErrors(Exchange exchange, JsonSchema schema, Exception e) {
        if (e instanceof InvalidEventException invalid) {
            // json-validator hands the schema errors thrown above back to this method
            throw invalid;
        }
        String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        throw new InvalidEventException("not JSON: " + Redaction.mask(firstLine(detail)));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable body";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
