package io.ordercast.channel.push;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The payloads both providers would be sent for a {@link PushMessage}, made by the same code that sends them
 * ({@link FcmRequests}, {@link ApnsNotifications}), each with its size in bytes against the provider's limit.
 */
public final class PushPayloads {

    /** One provider's payload: the JSON, its UTF-8 size and the provider's limit. */
    public record Payload(String json, int bytes, int limit) {

        static Payload of(String json, int limit) {
            return new Payload(json, json.getBytes(StandardCharsets.UTF_8).length, limit);
        }
    }

    private final FcmRequests fcm;

    public PushPayloads(ObjectMapper mapper) {
        this.fcm = new FcmRequests(mapper);
    }

    /** The FCM HTTP v1 request body, its text cut to fit as it would be. */
    public Payload fcm(PushMessage message) {
        return Payload.of(fcm.body(message), FcmRequests.MAX_BYTES);
    }

    /** The APNs payload, its body cut to fit as it would be. */
    public Payload apns(PushMessage message) {
        return Payload.of(ApnsNotifications.fittingPayload(message), ApnsNotifications.MAX_PAYLOAD_BYTES);
    }
}
