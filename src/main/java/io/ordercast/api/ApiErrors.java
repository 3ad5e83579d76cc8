package io.ordercast.api;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ordercast.common.BadRequestException;
import io.ordercast.common.NotFoundException;
import io.ordercast.common.QuotedInput;
import io.ordercast.db.DatabaseUnavailableException;
import org.apache.camel.Exchange;

/** The JSON body of an API error: our own exceptions speak for themselves, anything else stays internal. */
public class ApiErrors {

    public Map<String, String> body(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String message;
        if (e instanceof UnauthorizedException || e instanceof NotFoundException || e instanceof BadRequestException) {
            message = e.getMessage();
        } else if (e instanceof JsonProcessingException json) {
            message = "body is not JSON: " + QuotedInput.within(json.getOriginalMessage());
        } else if (e instanceof DatabaseUnavailableException) {
            message = "database unavailable, try again later";
        } else {
            message = "internal error; see the service log";
        }
        return Map.of("error", message);
    }
}
