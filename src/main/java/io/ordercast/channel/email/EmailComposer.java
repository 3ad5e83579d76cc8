package io.ordercast.channel.email;

import java.util.regex.Pattern;

import io.ordercast.channel.OutgoingHeaders;
import io.ordercast.dispatch.Delivery;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
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
 * Turns a rendered HTML email into the message camel-mail sends: exactly one recipient (read strictly,
 * {@link RecipientAddress}), subject from the template's {@code <title>} (one line, encoded by
 * {@link EncodedSubject}), a plain-text alternative made from the same HTML, the
 * {@code X-Ordercast-Notification-Id} header, and a {@code Message-ID} of the notification at the sender's domain.
 */
public class EmailComposer {

    public static final String NOTIFICATION_ID_HEADER = "X-Ordercast-Notification-Id";

    // compiled once: String.replaceAll compiles its pattern on every call, for every mail
    private static final Pattern TRAILING_BLANKS = Pattern.compile("[ \\t]+\n");
    private static final Pattern BLANK_LINES = Pattern.compile("\n{3,}");

    private final String from;
    private final String fromDomain;

    /** @throws IllegalArgumentException when {@code from} is not one valid address (a start-up error) */
    public EmailComposer(String from) {
        this.from = from;
        String address;
        try {
            address = new InternetAddress(from, true).getAddress();
        } catch (AddressException e) {
            throw new IllegalArgumentException("ordercast.smtp.from is not a valid e-mail address: " + e.getMessage());
        }
        int at = address.lastIndexOf('@');
        if (at < 0 || at == address.length() - 1) {
            throw new IllegalArgumentException("ordercast.smtp.from must be an address with a domain, was '" + from + "'");
        }
        this.fromDomain = address.substring(at + 1);
    }

    /** The mail of a rendered template, as its recipient reads it: the subject, the HTML and its text alternative. */
    public record Mail(String subject, String html, String text) {
    }

    public void compose(Exchange exchange) throws InvalidAddressException {
        Delivery delivery = exchange.getProperty("delivery", Delivery.class);
        String to = RecipientAddress.parse(delivery.address());
        Mail mail = mail(exchange.getMessage().getBody(String.class));
        Message message = exchange.getMessage();
        OutgoingHeaders.clear(message);
        message.setHeader("From", from);
        message.setHeader("To", to);
        message.setHeader("Subject", EncodedSubject.of(mail.subject()));
        message.setHeader(NOTIFICATION_ID_HEADER, delivery.notificationId());
        // Jakarta Mail would make one up on this machine's host name (often localhost), new for each send.
        // This one is the same for every send of the notification, so a mail sent twice (at-least-once)
        // reads as one; camel-mail's DefaultJavaMailSender puts an explicit Message-ID back after saveChanges().
        message.setHeader("Message-ID", messageId(delivery.notificationId()));
        message.setHeader("CamelMailAlternativeBody", mail.text());
        message.setHeader("Content-Type", "text/html; charset=UTF-8");
        message.setBody(mail.html());
    }

    /** The mail made of a rendered HTML template: subject from its {@code <title>}, text from its body. */
    public Mail mail(String html) {
        Document document = Jsoup.parse(html);
        return new Mail(OutgoingHeaders.oneLine(document.title()), html, plainText(document.body()));
    }

    String messageId(String notificationId) {
        return "<" + notificationId + "@" + fromDomain + ">";
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
        String lines = TRAILING_BLANKS.matcher(text).replaceAll("\n");
        return BLANK_LINES.matcher(lines).replaceAll("\n\n").trim() + "\n";
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
