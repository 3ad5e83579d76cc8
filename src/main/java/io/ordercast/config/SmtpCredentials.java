package io.ordercast.config;

import jakarta.mail.PasswordAuthentication;
import org.apache.camel.component.mail.MailAuthenticator;

/**
 * A relay's username and password, given to camel-mail as its authenticator so that they never appear in
 * an endpoint URI (URIs are logged and shown in route dumps). Unset: no authentication.
 */
final class SmtpCredentials extends MailAuthenticator {

    private final String username;
    private final String password;

    private SmtpCredentials(String username, String password) {
        this.username = username;
        this.password = password;
    }

    /** The credentials under {@code <prefix>.username} and {@code <prefix>.password}, e.g. ordercast.smtp. */
    static SmtpCredentials of(Settings settings, String prefix) {
        return new SmtpCredentials(settings.optional(prefix + ".username").orElse(null),
                settings.optional(prefix + ".password").orElse(null));
    }

    @Override
    public PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication(username, password);
    }

    @Override
    public String toString() {
        return "SmtpCredentials[" + (username == null ? "none" : "set") + "]";
    }
}
