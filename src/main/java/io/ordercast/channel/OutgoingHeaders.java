package io.ordercast.channel;

import org.apache.camel.Message;

/**
 * Clears the headers a message picked up on its way (from RabbitMQ, from the event) before it leaves
 * through a transport that turns headers into mail or HTTP headers. Camel's own headers stay: the
 * transports never send them, and the route still needs them (acknowledgement, redelivery counter).
 * The W3C trace context stays too ({@link OwnHeaders#isTraceContext}): with tracing on, Camel sets it
 * again for the provider call's own span, so the provider sees a {@code traceparent} of this trace.
 */
public final class OutgoingHeaders {

    private OutgoingHeaders() {
    }

    public static void clear(Message message) {
        message.getHeaders().keySet().removeIf(name -> !name.startsWith("Camel") && !OwnHeaders.isTraceContext(name));
    }

    /** One line of text: CR, LF and other control characters become spaces, so no header or line is added. */
    public static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").replaceAll(" {2,}", " ").trim();
    }
}
