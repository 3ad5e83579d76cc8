package io.ordercast.notify;

import java.time.Clock;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.failure.NotificationRetries;
import org.apache.camel.Exchange;

/**
 * The message of one final delivery result for the fan-out exchange ordercast.notification-results
 * (route notification-result): which notification, of which order, on which channel, to whom, SENT or
 * FAILED, after how many provider calls, why it failed, when. The recipient is its role and id only:
 * no e-mail address, phone number or device token is ever in it.
 */
public class DeliveryResults {

    /** SENT or FAILED, set by the route before it taps the exchange. */
    public static final String STATUS_PROPERTY = "deliveryResult";
    /** When the result was recorded (NotificationDelivery.sent / failed), the order view's updatedAt. */
    public static final String AT_PROPERTY = "deliveryResultAt";

    private final ObjectMapper mapper;
    private final Clock clock;

    public DeliveryResults(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The JSON of the result in this exchange (a tapped copy of a channel or dead-letter exchange). */
    public String json(Exchange exchange) throws JsonProcessingException {
        String status = exchange.getProperty(STATUS_PROPERTY, String.class);
        Delivery delivery = exchange.getProperty("delivery", Delivery.class);
        ObjectNode result = mapper.createObjectNode();
        result.put("notificationId", exchange.getProperty("notificationId", String.class));
        Object orderId = delivery == null ? null : delivery.model().get("orderId");
        result.put("orderId", orderId == null ? null : orderId.toString());
        result.put("channel", delivery != null && delivery.channel() != null ? delivery.channel()
                : exchange.getProperty(NotificationRetries.CHANNEL_PROPERTY, String.class));
        result.put("recipient", delivery == null ? null : delivery.recipient());
        result.put("template", delivery == null ? null : delivery.template());
        result.put("status", status);
        result.put("attempts", NotificationRetries.triesSoFar(exchange));
        if ("FAILED".equals(status)) {
            result.put("reason", exchange.getProperty("failureReason", String.class));
        }
        Instant at = exchange.getProperty(AT_PROPERTY, Instant.class);
        result.put("at", (at == null ? clock.instant() : at).toString());
        return mapper.writeValueAsString(result);
    }
}
