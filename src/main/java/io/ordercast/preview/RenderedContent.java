package io.ordercast.preview;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.dispatch.Delivery;
import io.ordercast.channel.email.EmailComposer;
import io.ordercast.channel.NotificationTemplates;
import io.ordercast.channel.sms.SmsComposer;
import io.ordercast.channel.webhook.WebhookComposer;
import io.ordercast.channel.push.PushComposer;
import io.ordercast.channel.push.PushMessage;
import io.ordercast.channel.push.PushPayloads;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * A notification's message as its channel route would send it: rendered by the live template engine (the same
 * freemarker endpoint, templates and {@code ordercast.templates.dir} as the channel routes) and put together by
 * the channel's own composer. Nothing is sent.
 */
public class RenderedContent {

    /** The channel routes' endpoint (routes/channel-*.camel.yaml), the template named in a header. */
    static final String RENDER_URI = "freemarker:notification?allowTemplateFromHeader=true";
    /** Stands in for the device token of a push that has no device to go to. */
    static final String NO_DEVICE = "(no device)";

    private final CamelContext context;
    private final NotificationTemplates templates;
    private final EmailComposer email;
    private final SmsComposer sms;
    private final PushComposer push;
    private final PushPayloads pushPayloads;
    private final WebhookComposer webhook;
    private volatile ProducerTemplate producer;

    public RenderedContent(CamelContext context, NotificationTemplates templates, EmailComposer email, SmsComposer sms,
                    PushComposer push, WebhookComposer webhook, ObjectMapper mapper) {
        this.context = context;
        this.templates = templates;
        this.email = email;
        this.sms = sms;
        this.push = push;
        this.pushPayloads = new PushPayloads(mapper);
        this.webhook = webhook;
    }

    /** The message, or {@code {"error": why}} when it cannot be made (a template missing or failing, say). */
    Map<String, Object> of(Delivery delivery) {
        Map<String, Object> content = new LinkedHashMap<>();
        try {
            switch (delivery.channel()) {
                case "email" -> {
                    EmailComposer.Mail mail = email.mail(render(delivery));
                    content.put("subject", mail.subject());
                    content.put("text", mail.text());
                    content.put("html", mail.html());
                }
                case "sms" -> {
                    String text = (String) sms.request(delivery, render(delivery)).get("text");
                    SmsSegments segments = SmsSegments.of(text);
                    content.put("text", text);
                    content.put("length", text.codePointCount(0, text.length()));
                    content.put("encoding", segments.encoding());
                    content.put("segments", segments.segments());
                }
                case "push" -> {
                    PushMessage message = push.message(toDevice(delivery), render(delivery));
                    content.put("title", message.title());
                    content.put("body", message.body());
                    content.put("fcm", payload(pushPayloads.fcm(message)));
                    content.put("apns", payload(pushPayloads.apns(message)));
                }
                case "webhook" -> {
                    WebhookComposer.Request request = webhook.request(delivery);
                    content.put("headers", request.headers());
                    // the exact bytes the signatures are of
                    content.put("body", new String(request.body(), StandardCharsets.UTF_8));
                }
                default -> content.put("text", render(delivery));
            }
        } catch (Exception e) {
            content.clear();
            content.put("error", e.getMessage());
        }
        return content;
    }

    private String render(Delivery delivery) throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(delivery);
        templates.prepare(exchange);
        producer().send(renderer(), exchange);
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
        return exchange.getMessage().getBody(String.class);
    }

    private static Map<String, Object> payload(PushPayloads.Payload payload) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("payload", payload.json());
        described.put("bytes", payload.bytes());
        described.put("limit", payload.limit());
        return described;
    }

    /** A push planned for no device still shows its payloads, with a stand-in for the token. */
    private static Delivery toDevice(Delivery d) {
        if (d.address() != null && !d.address().isBlank()) {
            return d;
        }
        return new Delivery(d.notificationId(), d.channel(), d.template(), d.locale(), d.priority(), d.recipient(),
                NO_DEVICE, d.decision(), d.reason(), d.model(), d.eventPayload(), d.deferUntil(), d.provider());
    }

    private ProducerTemplate producer() {
        if (producer == null) {
            producer = context.createProducerTemplate();
        }
        return producer;
    }

    private Endpoint renderer() {
        return context.getEndpoint(RENDER_URI);
    }
}
