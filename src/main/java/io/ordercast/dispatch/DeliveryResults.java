package io.ordercast.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.routes.ExchangeProperties;
import org.apache.camel.ExchangeProperty;

/**
 * The message of one final delivery result for the fan-out exchange ordercast.notification-results
 * (route notification-result): which notification, of which order, on which channel, to whom, SENT or
 * FAILED, after how many provider calls, why it failed, when. The recipient is its role and id only:
 * no e-mail address, phone number or device token is ever in it.
 */
public class DeliveryResults {

    private final ObjectMapper mapper;

    public DeliveryResults(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The JSON of a notification's result as its channel route noted it (notificationDelivery.sent or .failed).
     *
     * @param delivery     the claimed notification; null when its row could not be read
     * @param channel      the channel route's own name, for a result without a delivery
     * @param retriesSpent retries spent before this turn; this turn is one more try
     */
    public String json(@ExchangeProperty(ExchangeProperties.DELIVERY_RESULT) DeliveryResult result,
                       @ExchangeProperty(ExchangeProperties.DELIVERY) Delivery delivery,
                       @ExchangeProperty(ExchangeProperties.CHANNEL) String channel,
                       @ExchangeProperty(ExchangeProperties.RETRIES_SPENT) Integer retriesSpent)
            throws JsonProcessingException {
        ObjectNode json = mapper.createObjectNode();
        json.put("notificationId", result.notificationId());
        Object orderId = delivery == null ? null : delivery.model().get("orderId");
        json.put("orderId", orderId == null ? null : orderId.toString());
        json.put("channel", delivery != null && delivery.channel() != null ? delivery.channel() : channel);
        json.put("recipient", delivery == null ? null : delivery.recipient());
        json.put("template", delivery == null ? null : delivery.template());
        json.put("status", result.kind().name());
        json.put("attempts", (retriesSpent == null ? 0 : retriesSpent) + 1);
        if (result.kind() == DeliveryResult.Kind.FAILED) {
            json.put("reason", result.reason());
        }
        json.put("at", result.at().toString());
        return mapper.writeValueAsString(json);
    }
}
