package io.ordercast.channel.webhook;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.channel.OutgoingHeaders;
import io.ordercast.dispatch.Delivery;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The webhook request: a JSON envelope around the order event, signed twice ({@link WebhookSignatures}):
 * {@code X-Ordercast-Signature}, and the Standard Webhooks headers {@code webhook-id} (the
 * notificationId: the same on every retry, so a receiver drops a repeat), {@code webhook-timestamp}
 * (this attempt, unix seconds: a receiver refuses a replayed old request) and {@code webhook-signature}.
 * The carrier sees only the event fields of {@code ordercast.webhook.carrier-fields}.
 */
public class WebhookComposer {

    public static final String SIGNATURE_HEADER = "X-Ordercast-Signature";
    /** What a carrier needs to pick up and deliver: the order, the parcel, a name; not the buyer's contact details. */
    public static final List<String> CARRIER_FIELDS = List.of("eventId", "orderId", "state", "sequence", "occurredAt",
            "buyer.id", "buyer.name", "seller.id", "seller.name", "order", "shipment");

    private final ObjectMapper mapper;
    private final WebhookSignatures signatures;
    private final EventFields carrierFields;
    private final Clock clock;

    public WebhookComposer(ObjectMapper mapper, String secret, List<String> carrierFields, Clock clock) {
        this.mapper = mapper;
        this.signatures = new WebhookSignatures(secret);
        this.carrierFields = new EventFields(carrierFields);
        this.clock = clock;
    }

    /** The signed request of one attempt: its JSON body and the headers that sign it. */
    public record Request(byte[] body, Map<String, String> headers) {
    }

    public void compose(Exchange exchange) throws JsonProcessingException {
        Request request = request(exchange.getMessage().getBody(Delivery.class));
        Message message = exchange.getMessage();
        OutgoingHeaders.clear(message);
        request.headers().forEach(message::setHeader);
        message.setBody(request.body());
    }

    /** The request for the delivery, signed for an attempt now. */
    public Request request(Delivery delivery) throws JsonProcessingException {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("notificationId", delivery.notificationId());
        envelope.put("notification", delivery.template());
        envelope.put("recipient", delivery.recipient());
        envelope.put("event", event(delivery));
        byte[] body = mapper.writeValueAsBytes(envelope);
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(SIGNATURE_HEADER, signatures.ordercast(body));
        headers.put("webhook-id", delivery.notificationId());
        headers.put("webhook-timestamp", String.valueOf(timestamp));
        headers.put("webhook-signature", signatures.standard(delivery.notificationId(), timestamp, body));
        return new Request(body, headers);
    }

    private JsonNode event(Delivery delivery) throws JsonProcessingException {
        JsonNode event = mapper.readTree(delivery.eventPayload());
        String role = delivery.recipient() == null ? "" : delivery.recipient().split(":", 2)[0];
        return "carrier".equals(role) ? carrierFields.keep(event, mapper.createObjectNode()) : event;
    }
}
