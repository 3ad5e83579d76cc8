package io.ordercast.channel.push;

import io.ordercast.dispatch.Delivery;
import io.ordercast.channel.OutgoingHeaders;
import org.apache.camel.Exchange;

/**
 * Turns the rendered push template into the {@link PushMessage} both providers send: its first line is the
 * notification's title, the rest its body (templates/<name>/push.<locale>.ftl). The message waits in an
 * exchange property for the provider's sender; the device token is the delivery's address.
 */
public class PushComposer {

    public PushMessage compose(Exchange exchange) {
        PushMessage message = message(exchange.getProperty("delivery", Delivery.class),
                exchange.getMessage().getBody(String.class));
        OutgoingHeaders.clear(exchange.getMessage());
        exchange.setProperty(PushMessage.PROPERTY, message);
        return message;
    }

    /** The message for the delivery's rendered template, to the delivery's address (the device token). */
    public PushMessage message(Delivery delivery, String rendered) {
        String text = rendered == null ? "" : rendered.strip();
        int newline = text.indexOf('\n');
        String title = OutgoingHeaders.oneLine(newline < 0 ? text : text.substring(0, newline));
        String body = newline < 0 ? "" : text.substring(newline + 1).strip();
        Object state = delivery.model().get("state");
        return new PushMessage(delivery.notificationId(), (String) delivery.model().get("orderId"),
                state == null ? null : state.toString(), delivery.address(), title, body, delivery.priority());
    }
}
