package io.ordercast.channel;

import java.util.Locale;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * The relay's own reply to a failed send. Jakarta Mail reports a refused recipient as a
 * {@code SendFailedException("Invalid Addresses")} whose next exception, an
 * {@link SMTPAddressFailedException}, carries the code and the relay's words ("550 5.1.1 ... User
 * unknown"); those words are the reason ({@link Failure} masks the address). 5xx is permanent, 4xx transient.
 */
final class SmtpReplies {

    private SmtpReplies() {
    }

    static Failure classify(Throwable t) {
        for (Throwable e = t; e != null; e = e instanceof MessagingException m && m.getNextException() != e
                ? m.getNextException() : null) {
            Failure reply = reply(e);
            if (reply != null) {
                return reply;
            }
        }
        return null;
    }

    private static Failure reply(Throwable e) {
        int code;
        String command;
        if (e instanceof SMTPAddressFailedException a) {
            code = a.getReturnCode();
            command = a.getCommand();
        } else if (e instanceof SMTPSenderFailedException s) {
            code = s.getReturnCode();
            command = s.getCommand();
        } else if (e instanceof SMTPSendFailedException s) {
            code = s.getReturnCode();
            command = s.getCommand();
        } else {
            return null;
        }
        Failure.Kind kind = code >= 500 ? Failure.Kind.PERMANENT : Failure.Kind.TRANSIENT;
        return new Failure(kind, "SMTP " + code + " to " + verb(command) + ": " + words(e), null);
    }

    /** The SMTP verb alone: the command's argument is an address. */
    private static String verb(String command) {
        if (command == null || command.isBlank()) {
            return "the message";
        }
        String upper = command.trim().toUpperCase(Locale.ROOT);
        for (String verb : new String[] {"MAIL FROM", "RCPT TO", "DATA"}) {
            if (upper.startsWith(verb)) {
                return verb;
            }
        }
        return upper.split("[\\s:]", 2)[0];
    }

    /** The reply text itself (a MessagingException's getMessage() would add its nested exceptions), on one line. */
    private static String words(Throwable e) {
        String text = e instanceof MessagingException m && m.getNextException() != null
                ? m.getMessage().split(";\\s*nested exception is:", 2)[0] : e.getMessage();
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }
}
