package io.ordercast.push;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordercast.notify.Priority;

/**
 * The FCM HTTP v1 {@code messages:send} body for one {@link PushMessage}:
 * <pre>
 * {"message":{"token":…,"notification":{"title":…,"body":…},
 *             "data":{"orderId":…,"state":…,"notificationId":…},"android":{"priority":"HIGH"|"NORMAL"}}}
 * </pre>
 * FCM refuses a message over 4096 bytes with a plain INVALID_ARGUMENT (push-errors.md), which would fail
 * the notification for good; so the whole body is kept under that, counting more than FCM does (the token and
 * the JSON syntax too). The text gives way, never the data the app opens the order with: the body is cut first
 * (by code points, ending in "…"), then the title.
 */
public class FcmRequests {

    /** FCM's limit for a message to a device token; the serialized request stays below it. */
    static final int MAX_BYTES = 4096;
    static final String ELLIPSIS = "…";

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
        String json = json(message, message.title(), message.body());
        if (fits(json)) {
            return json;
        }
        String title = message.title();
        // the longest prefix of the body that fits; with none, the title is cut as well
        int bodyKept = longestFitting(message.body(), n -> json(message, title, cut(message.body(), n)));
        if (bodyKept >= 0) {
            return json(message, title, cut(message.body(), bodyKept));
        }
        String body = cut(message.body(), 0);
        int titleKept = longestFitting(title, n -> json(message, cut(title, n), body));
        if (titleKept >= 0) {
            return json(message, cut(title, titleKept), body);
        }
        throw new IllegalArgumentException("push message " + message.notificationId() + " does not fit FCM's "
                + MAX_BYTES + " bytes even without its text");
    }

    private interface Candidate {
        String json(int codePoints);
    }

    /** Binary search over how many code points of {@code text} to keep; -1 when not even "…" fits. */
    private static int longestFitting(String text, Candidate candidate) {
        int low = 0;
        int high = text.codePointCount(0, text.length());
        if (!fits(candidate.json(low))) {
            return -1;
        }
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (fits(candidate.json(middle))) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    /** The first {@code codePoints} of the text and "…", trailing spaces dropped; the text itself if it is that short. */
    static String cut(String text, int codePoints) {
        if (text.codePointCount(0, text.length()) <= codePoints) {
            return text;
        }
        String kept = text.substring(0, text.offsetByCodePoints(0, codePoints)).stripTrailing();
        return kept + ELLIPSIS;
    }

    private static boolean fits(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length < MAX_BYTES;
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
