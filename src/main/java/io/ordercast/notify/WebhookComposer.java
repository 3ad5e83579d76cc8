package io.ordercast.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The webhook request: a JSON envelope around the order event, signed with
 * {@code X-Ordercast-Signature: sha256=<hex HMAC-SHA256 of the body>} so the receiver can check it.
 */
public class WebhookComposer {

    public static final String SIGNATURE_HEADER = "X-Ordercast-Signature";

    private final ObjectMapper mapper;
    private final byte[] secret;

    public WebhookComposer(ObjectMapper mapper, String secret) {
        this.mapper = mapper;
        this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    }

    public void compose(Exchange exchange) throws JsonProcessingException {
        Delivery delivery = exchange.getMessage().getBody(Delivery.class);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("notificationId", delivery.notificationId());
        envelope.put("notification", delivery.template());
        envelope.put("recipient", delivery.recipient());
        envelope.put("event", mapper.readTree(delivery.eventPayload()));
        byte[] body = mapper.writeValueAsBytes(envelope);
        Message message = exchange.getMessage();
        OutgoingHeaders.clear(message);
        message.setHeader("Content-Type", "application/json");
        message.setHeader(SIGNATURE_HEADER, "sha256=" + sign(body));
        message.setBody(body);
    }

    String sign(byte[] body) {
        if (secret.length == 0) {
            throw new IllegalStateException("ordercast.webhook.secret is unset: webhooks are not sent unsigned");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
