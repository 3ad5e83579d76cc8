package io.ordercast.channel.email;

import java.time.Duration;
import java.util.Date;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.component.mail.JavaMailSender;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * camel-mail's sender, but the SMTP connection stays open for the next mail instead of a connect, EHLO, AUTH and
 * QUIT around every message. Each connection serves one thread at a time; one idle longer than
 * {@code idleLimit} is closed rather than reused (relays drop idle clients after a while). A kept connection
 * that fails before the relay took the message is replaced by a new one once, at once: a relay that hung up
 * on an idle client is not a delivery failure.
 */
public class KeptOpenSmtpSender extends DefaultJavaMailSender implements AutoCloseable {

    private final long idleLimitNanos;
    private final Deque<OpenConnection> idle = new ConcurrentLinkedDeque<>();

    /** @param configured the sender camel-mail built from the endpoint: its relay, session and credentials */
    public KeptOpenSmtpSender(JavaMailSender configured, Duration idleLimit) {
        setHost(configured.getHost());
        setPort(configured.getPort());
        setProtocol(configured.getProtocol());
        setJavaMailProperties(configured.getJavaMailProperties());
        setSession(configured.getSession());
        setUsername(configured.getUsername());
        setPassword(configured.getPassword());
        setAuthenticator(configured.getAuthenticator());
        this.idleLimitNanos = idleLimit.toNanos();
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        prepare(message);
        OpenConnection connection = idle.pollFirst();
        while (connection != null && connection.idleFor() > idleLimitNanos) {
            connection.close();
            connection = idle.pollFirst();
        }
        if (connection == null) {
            connection = connect();
        } else {
            try {
                connection.transport.sendMessage(message, message.getAllRecipients());
                idle.offerFirst(connection.used());
                return;
            } catch (SendFailedException refused) {
                if (!relayAnswered(refused)) {
                    // a kept connection the relay dropped meanwhile: Angus reports the EOF at MAIL FROM as a
                    // SendFailedException without a reply code; a new connection, not a failed delivery
                    connection.close();
                    connection = connect();
                } else {
                    // the relay answered (a refused address or message): the connection is fine, the answer stands
                    idle.offerFirst(connection.used());
                    throw refused;
                }
            } catch (MessagingException broken) {
                connection.close();
                connection = connect();
            }
        }
        try {
            connection.transport.sendMessage(message, message.getAllRecipients());
        } catch (SendFailedException refused) {
            if (relayAnswered(refused)) {
                idle.offerFirst(connection.used());
            } else {
                connection.close();
            }
            throw refused;
        } catch (MessagingException | RuntimeException e) {
            connection.close();
            throw e;
        }
        idle.offerFirst(connection.used());
    }

    /** False when the "refusal" is the connection ending without a reply (SMTP reply code -1, "[EOF]"). */
    static boolean relayAnswered(SendFailedException refused) {
        return !(refused instanceof SMTPSendFailedException noReply && noReply.getReturnCode() < 0);
    }

    /** As camel-mail does before each send: a sent date, and the Message-ID the composer set kept through saveChanges. */
    private static void prepare(MimeMessage message) throws MessagingException {
        if (message.getSentDate() == null) {
            message.setSentDate(new Date());
        }
        String messageId = message.getMessageID();
        message.saveChanges();
        if (messageId != null) {
            message.setHeader("Message-ID", messageId);
        }
    }

    private OpenConnection connect() throws MessagingException {
        Transport transport = getTransport(getSession());
        PasswordAuthentication credentials = getPasswordAuthentication();
        transport.connect(getHost(), getPort(), credentials.getUserName(), credentials.getPassword());
        return new OpenConnection(transport, System.nanoTime());
    }

    /** Closes the idle connections (the endpoint stops). */
    @Override
    public void close() {
        OpenConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.close();
        }
    }

    private record OpenConnection(Transport transport, long lastUsedNanos) {

        long idleFor() {
            return System.nanoTime() - lastUsedNanos;
        }

        OpenConnection used() {
            return new OpenConnection(transport, System.nanoTime());
        }

        void close() {
            try {
                transport.close();
            } catch (MessagingException | RuntimeException e) {
                // closing a connection the relay already dropped: nothing to do
            }
        }
    }
}
