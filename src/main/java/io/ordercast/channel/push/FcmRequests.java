package io.ordercast.channel.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.channel.Priority;

/**
 * The FCM HTTP v1 {@code messages:send} body for one {@link PushMessage}:
 * <pre>
 * {"message":{"token":…,"notification":{"title":…,"body":…},
 *             "data":{"orderId":…,"state":…,"notificationId":…},"android":{"priority":"HIGH"|"NORMAL"}}}
 * </pre>
 * FCM refuses a message over 4096 bytes with a plain INVALID_ARGUMENT (docs/push-errors.md), which would fail
 * the notification for good; so the whole body is kept under that, counting more than FCM does (the token and
 * the JSON syntax too). The text gives way, never the data the app opens the order with: the body is cut first
 * (by code points, ending in "…"), then the title.
 */
public class FcmRequests {

    /** FCM's limit for a message to a device token; the serialized request stays below it. */
    static final int MAX_BYTES = 4096;

    private final ObjectMapper mapper;

    public FcmRequests(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The request body as JSON.
     *
     * @throws IllegalArgumentException when even an empty title and body do not fit (a token or an id of
     *                                  kilobytes is a bug upstream; FailureClassifier treats it as permanent)
     */
    public String body(PushMessage message) {
        // below the limit: FCM counts less than this whole body (token, JSON syntax), so a body under it passes
        String title = message.title();
        String withBody = PayloadFit.withLongestText(message.body(), body -> json(message, title, body), MAX_BYTES - 1);
        if (withBody != null) {
            return withBody;
        }
        String noBody = PayloadFit.cut(message.body(), 0);
        String withTitle = PayloadFit.withLongestText(title, shortTitle -> json(message, shortTitle, noBody), MAX_BYTES - 1);
        if (withTitle != null) {
            return withTitle;
        }
        throw new IllegalArgumentException("push message " + message.notificationId() + " does not fit FCM's "
                + MAX_BYTES + " bytes even without its text");
    }

    private String json(PushMessage message, String title, String body) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode fcm = root.putObject("message");
        fcm.put("token", message.token());
        ObjectNode notification = fcm.putObject("notification");
        notification.put("title", title);
        notification.put("body", body);
        // FCM data values must be strings; an absent one is sent empty so the app always finds its keys
        ObjectNode data = fcm.putObject("data");
        data.put("orderId", nullToEmpty(message.orderId()));
        data.put("state", nullToEmpty(message.state()));
        data.put("notificationId", message.notificationId());
        // AndroidConfig.priority is an enum, NORMAL or HIGH; only HIGH may wake a device in Doze
        fcm.putObject("android").put("priority", message.priority() == Priority.HIGH ? "HIGH" : "NORMAL");
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException impossible) {
            // a tree of strings always serializes
            throw new IllegalStateException(impossible);
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
