package io.ordercast.preview;

import java.util.List;
import java.util.Map;

/**
 * What {@code POST /api/preview} answers: the outcome the state machine would give the event, and for an APPLIED one
 * each notification the router plans, what delivery would decide about it and its message.
 */
public record PreviewAnswer(String outcome, String state, String reason, List<Notification> notifications,
                            List<Cancel> cancels) {

    /**
     * @param device  the device a push goes to (its token shortened), null for other channels
     * @param delay   how long after the event the notification is due (ISO-8601), null for at once
     * @param digest  the window of the digest the notification joins (its plan line's digest=), null when it goes
     *                on its own; a SEND decision then reads DIGEST, "joins a digest of PT1H"
     * @param content the rendered message, by channel (docs/contract.md, "Preview")
     */
    public record Notification(String template, String role, String channel, String priority, String locale,
                               String device, String delay, String digest, String decision, String reason, Map<String, Object> content) {
    }

    /** A still-pending notification of the order the event would suppress, such as the review reminder. */
    public record Cancel(String template, String reason) {
    }

    static PreviewAnswer rejected(String state, String reason) {
        return new PreviewAnswer("REJECTED", state, reason, List.of(), List.of());
    }
}
