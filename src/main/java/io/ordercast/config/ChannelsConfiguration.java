package io.ordercast.config;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.failure.ProviderCircuits;
import io.ordercast.notify.ChannelAvailability;
import io.ordercast.notify.EmailComposer;
import io.ordercast.notify.NotificationTemplates;
import io.ordercast.notify.SmsComposer;
import io.ordercast.notify.WebhookComposer;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * The notification channels: which ones are on, and how each one reaches its provider (SMTP session,
 * templates, composers, circuit breakers). Nothing here opens a connection, so this configuration runs
 * first and a refused setting stops the start before anything is opened.
 */
public class ChannelsConfiguration implements CamelConfiguration {

    /** The SMTP session; refuses credentials over clear text (see {@link TransportSetup#smtpProperties}). */
    @BindToRegistry("smtpProperties")
    public Properties smtpProperties(CamelContext context) {
        return TransportSetup.smtpProperties(Settings.of(context));
    }

    /** Channels with a delivery route, less those whose transport is not configured here. */
    @BindToRegistry("channelAvailability")
    public ChannelAvailability channelAvailability(CamelContext context) {
        Settings settings = Settings.of(context);
        Set<String> deliverable = new LinkedHashSet<>(settings.list("ordercast.outbox.channels"));
        deliverable.remove("none");
        Map<String, String> unconfigured = new LinkedHashMap<>();
        if (settings.optional("ordercast.sms.url").isEmpty()) {
            unconfigured.put("sms", "sms is not configured: ordercast.sms.url is unset");
        }
        if (settings.optional("ordercast.webhook.url").isEmpty()) {
            unconfigured.put("webhook", "webhook is not configured: ordercast.webhook.url is unset");
        }
        return new ChannelAvailability(deliverable, unconfigured);
    }

    @BindToRegistry("notificationTemplates")
    public NotificationTemplates notificationTemplates(CamelContext context) {
        return new NotificationTemplates(TransportSetup.configure(context,
                Settings.of(context).optional("ordercast.templates.dir").orElse(null)));
    }

    @BindToRegistry("emailComposer")
    public EmailComposer emailComposer(@PropertyInject("ordercast.smtp.from") String from) {
        return new EmailComposer(from.trim());
    }

    @BindToRegistry("smsComposer")
    public SmsComposer smsComposer() {
        return new SmsComposer();
    }

    @BindToRegistry("webhookComposer")
    public WebhookComposer webhookComposer(CamelContext context) {
        Settings settings = Settings.of(context);
        return new WebhookComposer(new ObjectMapper(), settings.optional("ordercast.webhook.secret").orElse(null),
                settings.list("ordercast.webhook.carrier-fields"), Clock.systemUTC());
    }

    /** One breaker per provider; a provider with a fallback configured fails over while its circuit is open. */
    @BindToRegistry("providerCircuits")
    public ProviderCircuits providerCircuits(CamelContext context) {
        Settings settings = Settings.of(context);
        Set<String> withFallback = new LinkedHashSet<>();
        if (settings.optional("ordercast.smtp.fallback.host").isPresent()) {
            withFallback.add("smtp");
        }
        if (settings.optional("ordercast.sms.fallback.url").isPresent()) {
            withFallback.add("sms");
        }
        return new ProviderCircuits(new ProviderCircuits.CircuitBreakerSettings(
                (float) settings.decimal("ordercast.circuit.failure-rate-threshold"),
                settings.integer("ordercast.circuit.sliding-window-size"),
                settings.integer("ordercast.circuit.minimum-calls"),
                settings.duration("ordercast.circuit.wait-in-open-state")), withFallback);
    }

    @Override
    public void configure(CamelContext context) {
        // bound here, not by annotations: the routes name each breaker <provider>CircuitBreaker, and
        // ProviderCircuits owns that naming
        context.getRegistry().lookupByNameAndType("providerCircuits", ProviderCircuits.class)
                .breakers(List.of("smtp", "smtp-fallback", "sms", "sms-fallback", "webhook"))
                .forEach(context.getRegistry()::bind);
    }
}
