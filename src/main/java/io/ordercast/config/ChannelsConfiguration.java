package io.ordercast.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordercast.channel.ProviderCircuits;
import io.ordercast.channel.ChannelAvailability;
import io.ordercast.channel.ChannelDescriptor;
import io.ordercast.channel.email.EmailComposer;
import io.ordercast.channel.NotificationTemplates;
import io.ordercast.channel.sms.SmsComposer;
import io.ordercast.channel.webhook.WebhookComposer;
import io.ordercast.observe.ProviderSetupHealthCheck;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.health.HealthCheckRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification channels: which ones are on, and how each one reaches its provider (templates,
 * composers, circuit breakers; the SMTP session is {@link SmtpConfiguration}'s). Nothing here opens a
 * connection, so this configuration runs before the database and the broker open, and a refused setting
 * stops the start first.
 */
public class ChannelsConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelsConfiguration.class);

    /** Every described channel's descriptor, which channels are routed, and which lack a setting they need. */
    @BindToRegistry("channelAvailability")
    public ChannelAvailability channelAvailability(CamelContext context) {
        Settings settings = Settings.of(context);
        Map<String, ChannelDescriptor> descriptors = ChannelDescriptors.described(settings);
        Map<String, String> unconfigured = new LinkedHashMap<>();
        descriptors.values().forEach(channel -> channel.requires().stream()
                .filter(key -> settings.optional(key).isEmpty()).findFirst()
                .ifPresent(key -> unconfigured.put(channel.name(), channel.name() + " is not configured: " + key + " is unset")));
        Set<String> routed = new LinkedHashSet<>(ChannelDescriptors.routed(settings));
        Map<String, String> providersOff = new LinkedHashMap<>();
        descriptors.values().forEach(channel -> channel.providerRequires().forEach((provider, keys) -> {
            List<String> unset = keys.stream().filter(key -> settings.optional(key).isEmpty()).toList();
            if (!unset.isEmpty()) {
                providersOff.put(provider, provider + " is not configured: " + String.join(", ", unset)
                        + (unset.size() == 1 ? " is unset" : " are unset"));
                if (routed.contains(channel.name()) && !unconfigured.containsKey(channel.name())) {
                    // once, at start: the operator who meant to use the provider sees what is missing
                    LOG.info("{} provider {} is off ({} unset): its notifications are SUPPRESSED", channel.name(),
                            provider, String.join(", ", unset));
                }
            }
        }));
        return new ChannelAvailability(descriptors, routed, unconfigured, providersOff);
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
    public void configure(CamelContext context) {
        // bound here, not by annotations: the senders name each breaker <provider>CircuitBreaker and
        // <provider>FallbackCircuitBreaker, and ProviderCircuits owns that naming. Every described channel's
        // providers get theirs, routed or not: the packaged senders exist whichever channels are on.
        ChannelAvailability channels = context.getRegistry().lookupByNameAndType("channelAvailability",
                ChannelAvailability.class);
        List<String> primaries = new ArrayList<>();
        List<String> providers = new ArrayList<>();
        for (ChannelDescriptor channel : channels.descriptors()) {
            for (String provider : channel.providers()) {
                primaries.add(provider);
                providers.add(provider);
                providers.add(provider + "-fallback");
            }
        }
        ProviderCircuits circuits = context.getRegistry().lookupByNameAndType("providerCircuits", ProviderCircuits.class);
        circuits.breakers(providers).forEach(context.getRegistry()::bind);
        // and the provider-call template's choice, <provider>UseFallback
        circuits.fallbackChoices(primaries).forEach(context.getRegistry()::bind);
        HealthCheckRegistry.get(context).register(new ProviderSetupHealthCheck(circuits));
    }
}
