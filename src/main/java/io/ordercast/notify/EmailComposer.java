package io.ordercast.notify;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Turns a rendered HTML email into the message camel-mail sends: subject from the template's
 * {@code <title>} (one line), a plain-text alternative made from the same HTML, and the
 * {@code X-Ordercast-Notification-Id} header.
 */
public class EmailComposer {

    public static final String NOTIFICATION_ID_HEADER = "X-Ordercast-Notification-Id";

    private final String from;

    public EmailComposer(String from) {
        this.from = from;
    }

    public void compose(Exchange exchange) {
        Delivery delivery = exchange.getProperty("delivery", Delivery.class);
        String html = exchange.getMessage().getBody(String.class);
        Document document = Jsoup.parse(html);
        Message message = exchange.getMessage();
        OutgoingHeaders.clear(message);
        message.setHeader("From", from);
        message.setHeader("To", OutgoingHeaders.oneLine(delivery.address()));
        message.setHeader("Subject", OutgoingHeaders.oneLine(document.title()));
        message.setHeader(NOTIFICATION_ID_HEADER, delivery.notificationId());
        message.setHeader("CamelMailAlternativeBody", plainText(document.body()));
        message.setHeader("Content-Type", "text/html; charset=UTF-8");
        message.setBody(html);
    }

    /** Block elements become lines; links keep their address. */
    static String plainText(Element body) {
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode textNode) {
                    text.append(textNode.text());
                } else if (node instanceof Element element && isCell(element)) {
                    return;
                } else if (node instanceof Element element && element.isBlock() && !text.isEmpty()) {
                    newLine(text);
                } else if (node instanceof Element element && element.nameIs("br")) {
                    text.append('\n');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && element.nameIs("a") && element.hasAttr("href")) {
                    text.append(" (").append(element.attr("href")).append(')');
                } else if (node instanceof Element element && isCell(element)) {
                    text.append(' ');
                } else if (node instanceof Element element && element.isBlock()) {
                    newLine(text);
                }
            }
        }, body);
        return text.toString().replaceAll("[ \\t]+\n", "\n").replaceAll("\n{3,}", "\n\n").trim() + "\n";
    }

    /** Table cells stay on their row's line. */
    private static boolean isCell(Element element) {
        return element.nameIs("td") || element.nameIs("th");
    }

    private static void newLine(StringBuilder text) {
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
    }
}
