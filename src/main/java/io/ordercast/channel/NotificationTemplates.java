package io.ordercast.channel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import freemarker.template.Configuration;
import io.ordercast.dispatch.Delivery;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.component.freemarker.FreemarkerConstants;

/**
 * Finds the template of a (notification, channel, locale) — {@code <notification>/<channel>.<locale>.ftlh}
 * for a channel of HTML templates (auto-escaped), {@code .ftl} for plain text, as the channel's descriptor
 * says — falling back to the locale's language
 * and then to {@code en}, and hands it with the event's variables to the freemarker endpoint.
 */
public class NotificationTemplates {

    static final String FALLBACK_LOCALE = "en";

    private final Configuration freemarker;
    private final ChannelAvailability channels;

    public NotificationTemplates(Configuration freemarker, ChannelAvailability channels) {
        this.freemarker = freemarker;
        this.channels = channels;
    }

    /** Sets the freemarker endpoint's template and data model for the {@link Delivery} in the body. */
    public void prepare(Exchange exchange) throws InvalidPayloadException, IOException {
        Delivery delivery = exchange.getMessage().getMandatoryBody(Delivery.class);
        exchange.getMessage().setHeader(FreemarkerConstants.FREEMARKER_RESOURCE_URI,
                locate(delivery.template(), delivery.channel(), delivery.locale()));
        exchange.getMessage().setHeader(FreemarkerConstants.FREEMARKER_DATA_MODEL, delivery.model());
    }

    public String locate(String template, String channel, String locale) throws IOException {
        String extension = channels.descriptor(channel).map(d -> d.template().extension())
                .orElseThrow(() -> new IOException("no templates for " + channel + ": it has no delivery route"));
        if (extension == null) {
            throw new IOException(channel + " renders no template (ordercast.channel." + channel + ".template = none)");
        }
        List<String> tried = new ArrayList<>();
        for (String candidate : candidates(locale)) {
            String name = template + "/" + channel + "." + candidate + "." + extension;
            tried.add(name);
            if (freemarker.getTemplate(name, null, null, true, true) != null) {
                return name;
            }
        }
        throw new IOException("no template for " + template + " on " + channel + "; tried " + tried);
    }

    private static Set<String> candidates(String locale) {
        Set<String> candidates = new LinkedHashSet<>();
        if (locale != null && !locale.isBlank()) {
            candidates.add(locale);
            String language = Locale.forLanguageTag(locale).getLanguage();
            if (!language.isEmpty()) {
                candidates.add(language);
            }
        }
        candidates.add(FALLBACK_LOCALE);
        return candidates;
    }
}
