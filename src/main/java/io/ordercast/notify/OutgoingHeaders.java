package io.ordercast.notify;

import org.apache.camel.Message;

/**
 * Clears the headers a message picked up on its way (from RabbitMQ, from templates) before it
 * leaves through a transport that turns headers into mail or HTTP headers. The consumer's
 * acknowledgement headers stay: the route still needs them.
 */
final class OutgoingHeaders {

    private OutgoingHeaders() {
    }

    static void clear(Message message) {
        message.getHeaders().keySet().removeIf(name -> !name.startsWith("CamelSpringRabbitmq"));
    }

    /** One line of text: CR, LF and other control characters become spaces, so no header or line is added. */
    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").replaceAll(" {2,}", " ").trim();
    }
}
