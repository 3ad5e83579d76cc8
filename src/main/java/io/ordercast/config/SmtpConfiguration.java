package io.ordercast.config;

import java.time.Duration;
import java.util.Properties;

import io.ordercast.channel.email.KeptOpenSmtpConnections;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * How the email channel talks to its relays: the session properties (TLS, timeouts), each relay's
 * credentials, and connections kept open between mails. Opens nothing: it runs first, so a refused
 * setting (credentials in clear text) stops the start before anything is opened.
 */
public class SmtpConfiguration implements CamelConfiguration {

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

    @Override
    public void configure(CamelContext context) throws Exception {
        // each relay's connection stays open between mails (ordercast.smtp.keep-open; PT0S: one per mail)
        Duration keepOpen = Settings.of(context).duration("ordercast.smtp.keep-open");
        if (!keepOpen.isZero()) {
            KeptOpenSmtpConnections connections = new KeptOpenSmtpConnections(context, keepOpen);
            context.getCamelContextExtension().registerEndpointCallback(connections);
            context.addService(connections);
        }
    }
}
