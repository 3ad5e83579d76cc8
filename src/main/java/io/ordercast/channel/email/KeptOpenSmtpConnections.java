package io.ordercast.channel.email;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.mail.JavaMailSender;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.spi.EndpointStrategy;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Gives every smtp endpoint a {@link KeptOpenSmtpSender} as it is registered: camel-mail opens a connection per
 * message, which cost the email channel more than rendering the mail. An endpoint given its own
 * {@code javaMailSender} keeps it. Closes the kept connections when Camel stops.
 */
public class KeptOpenSmtpConnections extends ServiceSupport implements EndpointStrategy {

    private final CamelContext context;
    private final Duration idleLimit;
    private final List<KeptOpenSmtpSender> senders = new CopyOnWriteArrayList<>();

    public KeptOpenSmtpConnections(CamelContext context, Duration idleLimit) {
        this.context = context;
        this.idleLimit = idleLimit;
    }

    @Override
    public Endpoint registerEndpoint(String uri, Endpoint endpoint) {
        if (endpoint instanceof MailEndpoint mail && "smtp".equals(mail.getConfiguration().getProtocol())
                && mail.getConfiguration().getJavaMailSender() == null) {
            KeptOpenSmtpSender sender = new KeptOpenSmtpSender(configuredSender(mail.getConfiguration()), idleLimit);
            senders.add(sender);
            mail.getConfiguration().setJavaMailSender(sender);
        }
        return endpoint;
    }

    /**
     * The sender camel-mail itself would use for this endpoint (relay, session properties, credentials).
     * {@code createJavaMailSender} is protected; calling it keeps camel-mail's own reading of the endpoint's
     * options instead of a copy of it here.
     */
    private JavaMailSender configuredSender(MailConfiguration configuration) {
        try {
            Method create = MailConfiguration.class.getDeclaredMethod("createJavaMailSender", CamelContext.class);
            create.setAccessible(true);
            return (JavaMailSender) create.invoke(configuration, context);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("camel-mail changed: cannot build its SMTP sender to keep connections open", e);
        }
    }

    @Override
    protected void doStop() {
        senders.forEach(KeptOpenSmtpSender::close);
    }
}
