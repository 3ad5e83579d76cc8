package io.ordercast.config;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.channel.KeptOpenSmtpConnections;
import io.ordercast.failure.ProviderCircuits;
import io.ordercast.notify.ChannelAvailability;
import io.ordercast.notify.ChannelDescriptor;
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

    @BindToRegistry("smtpAuthenticator")
    public SmtpCredentials smtpAuthenticator(CamelContext context) {
        return SmtpCredentials.of(Settings.of(context), "ordercast.smtp");
    }

    @BindToRegistry("smtpFallbackAuthenticator")
    public SmtpCredentials smtpFallbackAuthenticator(CamelContext context) {
        return SmtpCredentials.of(Settings.of(context), "ordercast.smtp.fallback");
    }

    /** Every described channel's descriptor, which channels are routed, and which lack a setting they need. */
    @BindToRegistry("channelAvailability")
    public ChannelAvailability channelAvailability(CamelContext context) {
        Settings settings = Settings.of(context);
        Map<String, ChannelDescriptor> descriptors = ChannelDescriptors.described(settings);
        Map<String, String> unconfigured = new LinkedHashMap<>();
        descriptors.values().forEach(channel -> channel.requires().stream()
                .filter(key -> settings.optional(key).isEmpty()).findFirst()
                .ifPresent(key -> unconfigured.put(channel.name(), channel.name() + " is not configured: " + key + " is unset")));
        return new ChannelAvailability(descriptors, new LinkedHashSet<>(ChannelDescriptors.routed(settings)), unconfigured);
    }

    @BindToRegistry("notificationTemplates")
    public NotificationTemplates notificationTemplates(CamelContext context, ChannelAvailability channels) {
        return new NotificationTemplates(TransportSetup.configure(context,
                Settings.of(context).optional("ordercast.templates.dir").orElse(null)), channels);
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

    /**
     * The circuit breakers of every described channel's providers and their fallbacks; a channel whose
     * fallback setting is set fails over while its provider's circuit is open.
     */
    @BindToRegistry("providerCircuits")
    public ProviderCircuits providerCircuits(CamelContext context, ChannelAvailability channels) {
        Settings settings = Settings.of(context);
        Set<String> withFallback = new LinkedHashSet<>();
        for (ChannelDescriptor descriptor : channels.descriptors()) {
            if (descriptor.fallbackRequires() != null && settings.optional(descriptor.fallbackRequires()).isPresent()) {
                withFallback.addAll(descriptor.providers());
            }
        }
        return new ProviderCircuits(new ProviderCircuits.CircuitBreakerSettings(
                (float) settings.decimal("ordercast.circuit.failure-rate-threshold"),
                settings.integer("ordercast.circuit.sliding-window-size"),
                settings.integer("ordercast.circuit.minimum-calls"),
                settings.duration("ordercast.circuit.wait-in-open-state")), withFallback);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        // each relay's connection stays open between mails (ordercast.smtp.keep-open; PT0S: one per mail)
        Duration keepOpen = Settings.of(context).duration("ordercast.smtp.keep-open");
        if (!keepOpen.isZero()) {
            KeptOpenSmtpConnections connections = new KeptOpenSmtpConnections(context, keepOpen);
            context.getCamelContextExtension().registerEndpointCallback(connections);
            context.addService(connections);
        }

        // bound here, not by annotations: the senders name each breaker <provider>CircuitBreaker and
        // <provider>FallbackCircuitBreaker, and ProviderCircuits owns that naming. Every described channel's
        // providers get theirs, routed or not: the packaged senders exist whichever channels are on.
        ChannelAvailability channels = context.getRegistry().lookupByNameAndType("channelAvailability",
                ChannelAvailability.class);
        List<String> providers = new ArrayList<>();
        for (ChannelDescriptor channel : channels.descriptors()) {
            for (String provider : channel.providers()) {
                providers.add(provider);
                providers.add(provider + "-fallback");
            }
        }
        context.getRegistry().lookupByNameAndType("providerCircuits", ProviderCircuits.class)
                .breakers(providers)
                .forEach(context.getRegistry()::bind);
    }
}
