package io.ordercast.channel.push;

import java.util.Objects;

import io.ordercast.channel.Priority;

/**
 * One push notification to one device, as both providers need it: the rendered title and body in the
 * recipient's locale, and the data an app uses to open the order (docs/contract.md §3, push).
 *
 * @param token the device token; never logged in full
 * @param state the order state the notification is about (CREATED, PAID, ...)
 */
public record PushMessage(String notificationId, String orderId, String state, String token, String title,
                          String body, Priority priority) {

    public PushMessage {
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(token, "token");
        title = title == null ? "" : title;
        body = body == null ? "" : body;
        priority = priority == null ? Priority.NORMAL : priority;
    }

    /** The exchange property a push sender reads the message from. */
    public static final String PROPERTY = "ordercastPushMessage";
}
