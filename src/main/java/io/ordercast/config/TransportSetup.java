package io.ordercast.config;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.TemplateExceptionHandler;
import io.ordercast.channel.email.SmtpUtf8Transport;
import org.apache.camel.CamelContext;
import org.apache.camel.component.freemarker.FreemarkerComponent;

/** Transport set-up that the route URIs cannot express: the FreeMarker configuration and SMTP session properties. */
final class TransportSetup {

    private static final ScheduledExecutorService WRITE_TIMEOUTS = Executors.newScheduledThreadPool(1, runnable -> {
        Thread thread = new Thread(runnable, "ordercast-smtp-write-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    static {
        // Jakarta Mail looks its stream provider up with a ServiceLoader scan for every message, body part
        // and header block (several per email); naming it skips the scan of the whole class path
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private TransportSetup() {
    }

    /**
     * One FreeMarker configuration for the freemarker component: templates from
     * {@code ordercast.templates.dir} first (operators change wording without a rebuild), then the
     * packaged ones; {@code .ftlh} auto-escapes HTML. Templates are data, not code: whoever can write
     * to that folder must not be able to run commands or reach Java objects from a template, so
     * {@code ?new} instantiates nothing and {@code ?api} is off.
     */
    static Configuration configure(CamelContext context, String templatesDir) {
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_34);
        configuration.setDefaultEncoding("UTF-8");
        configuration.setRecognizeStandardFileExtensions(true);
        configuration.setLocalizedLookup(false);
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setFallbackOnNullLoopVariable(false);
        configuration.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        configuration.setAPIBuiltinEnabled(false);
        TemplateLoader packaged = new ClassTemplateLoader(TransportSetup.class.getClassLoader(), "templates");
        if (templatesDir == null) {
            configuration.setTemplateLoader(packaged);
        } else {
            try {
                configuration.setTemplateLoader(new MultiTemplateLoader(new TemplateLoader[] {
                        new FileTemplateLoader(new File(templatesDir)), packaged }));
            } catch (IOException e) {
                throw new UncheckedIOException("ordercast.templates.dir is not a readable folder: " + templatesDir, e);
            }
        }
        context.getComponent("freemarker", FreemarkerComponent.class).setConfiguration(configuration);
        return configuration;
    }

    /**
     * The SMTP session: STARTTLS (required, not merely tried, so a stripped STARTTLS offer fails the
     * send) or implicit TLS (SMTPS, {@code mail.smtp.ssl.enable}), timeouts, and SMTPUTF8 for an address that
     * needs it ({@link SmtpUtf8Transport}).
     *
     * @throws IllegalStateException when credentials would cross the network in clear text: with a
     *         username or password set, STARTTLS or SMTPS must be on, unless
     *         {@code ordercast.smtp.allow-plaintext-auth} says plain text is meant (a relay on localhost)
     */
    static Properties smtpProperties(Settings settings) {
        boolean starttls = settings.bool("ordercast.smtp.starttls");
        boolean ssl = settings.bool("ordercast.smtp.ssl");
        // the fallback relay shares this session, so its credentials are held to the same rule
        boolean credentials = settings.optional("ordercast.smtp.username").isPresent()
                || settings.optional("ordercast.smtp.password").isPresent()
                || settings.optional("ordercast.smtp.fallback.username").isPresent()
                || settings.optional("ordercast.smtp.fallback.password").isPresent();
        if (credentials && !starttls && !ssl && !settings.bool("ordercast.smtp.allow-plaintext-auth")) {
            throw new IllegalStateException("ordercast.smtp.username is set but the SMTP connection is not encrypted:"
                    + " the credentials would be sent in clear text. Set ordercast.smtp.starttls=true (STARTTLS,"
                    + " usually port 587) or ordercast.smtp.ssl=true (SMTPS, usually port 465); only for a relay"
                    + " on a trusted network, set ordercast.smtp.allow-plaintext-auth=true");
        }
        Duration timeout = settings.duration("ordercast.smtp.timeout");
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.starttls.enable", String.valueOf(starttls));
        properties.setProperty("mail.smtp.starttls.required", String.valueOf(starttls));
        properties.setProperty("mail.smtp.ssl.enable", String.valueOf(ssl));
        properties.setProperty("mail.smtp.connectiontimeout", String.valueOf(timeout.toMillis()));
        properties.setProperty("mail.smtp.timeout", String.valueOf(timeout.toMillis()));
        properties.setProperty("mail.smtp.writetimeout", String.valueOf(timeout.toMillis()));
        // without a shared executor Jakarta Mail starts a thread of its own for every connection's write timeout
        properties.put("mail.smtp.executor.writetimeout", WRITE_TIMEOUTS);
        // an address with non-ASCII characters goes out in UTF-8 with SMTPUTF8, or not at all (SmtpUtf8Transport)
        properties.setProperty("mail.mime.allowutf8", "true");
        properties.setProperty("mail.smtp.class", SmtpUtf8Transport.class.getName());
        return properties;
    }
}
