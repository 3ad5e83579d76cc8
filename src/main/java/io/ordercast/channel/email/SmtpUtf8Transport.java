package io.ordercast.channel.email;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Provider;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus Mail's SMTP transport, for a session with {@code mail.mime.allowutf8}: an address with non-ASCII characters
 * ({@code 李雷@example.com}) goes out in UTF-8 with {@code MAIL FROM:<…> SMTPUTF8} (RFC 6531) when the relay offers
 * SMTPUTF8, and is not sent at all when it does not ({@link SmtpUtf8NotOfferedException}): without the extension
 * the relay cannot take it (Postfix: {@code 553 5.6.7 Must declare SMTPUTF8}, or {@code 500 5.5.2 bad UTF-8
 * syntax}), and Angus without allowutf8 would have cut each character to its low byte, another address. Display
 * names are encoded words whatever the relay offers (Angus writes them raw in UTF-8 under allowutf8), so only an
 * address itself needs the extension. The session names this class in {@code mail.smtp.class}.
 */
public class SmtpUtf8Transport extends SMTPTransport {

    private static final String SMTPUTF8 = "SMTPUTF8";

    /**
     * Angus says "mail.mime.allowutf8 set but server doesn't advertise SMTPUTF8 support" at INFO on every connection
     * to such a relay, through java.util.logging to stderr, under the logger of the transport's package (this one);
     * the one mail that needs the extension says it in its failure reason instead. Held here: java.util.logging
     * forgets the level of a logger nobody references.
     */
    private static final Logger ANGUS_LOG = quietAngusLog();

    public SmtpUtf8Transport(Session session, URLName url) {
        super(session, url);
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        if (message instanceof MimeMessage mime) {
            Utf8Mail.encodeDisplayNames(mime);
        }
        if (!supportsExtension(SMTPUTF8) && Utf8Mail.needsSmtpUtf8(message, addresses)) {
            throw new SmtpUtf8NotOfferedException(addresses);
        }
        super.sendMessage(message, addresses);
    }

    private static Logger quietAngusLog() {
        Logger log = Logger.getLogger(SmtpUtf8Transport.class.getPackageName());
        if (log.getLevel() == null) {
            log.setLevel(Level.WARNING);
        }
        return log;
    }

    /**
     * Makes the transport known to Jakarta Mail (META-INF/services/jakarta.mail.Provider), which creates only known
     * classes. Under a protocol name of its own: providers of the same protocol compete for being its default in
     * every session of the JVM, in class path order; this one serves only the sessions that name it.
     */
    public static final class Registration extends Provider {

        public Registration() {
            super(Type.TRANSPORT, "ordercast-smtp-utf8", SmtpUtf8Transport.class.getName(), "ordercast", null);
        }
    }
}
