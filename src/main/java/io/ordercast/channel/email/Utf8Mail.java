package io.ordercast.channel.email;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** Where a mail holds text that only SMTPUTF8 carries, and its display names in the form every relay takes. */
final class Utf8Mail {

    private static final String[] ADDRESS_HEADERS = {"From", "Sender", "Reply-To", "To", "Cc", "Bcc"};

    private Utf8Mail() {
    }

    /** True when an envelope address or a header line has a character outside ASCII. */
    static boolean needsSmtpUtf8(Message message, Address[] recipients) throws MessagingException {
        for (Address[] addresses : new Address[][] {recipients, message.getFrom()}) {
            if (addresses != null) {
                for (Address address : addresses) {
                    if (address instanceof InternetAddress internet && !ascii(internet.getAddress())) {
                        return true;
                    }
                }
            }
        }
        if (message instanceof MimeMessage mime) {
            for (Enumeration<String> lines = mime.getAllHeaderLines(); lines.hasMoreElements(); ) {
                if (!ascii(lines.nextElement())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Writes the address headers again with each display name as RFC 2047 encoded words ({@code "李雷商店"
     * <shop@example.com>} as {@code =?UTF-8?B?…?= <shop@example.com>}): under {@code mail.mime.allowutf8} Angus writes
     * them in raw UTF-8, which a relay without SMTPUTF8 must not be given and one with it takes either way.
     */
    static void encodeDisplayNames(MimeMessage message) throws MessagingException {
        for (String name : ADDRESS_HEADERS) {
            String value = message.getHeader(name, ",");
            if (value != null && !ascii(value)) {
                InternetAddress[] addresses = InternetAddress.parseHeader(value, false);
                for (int i = 0; i < addresses.length; i++) {
                    addresses[i] = encoded(addresses[i]);
                }
                message.setHeader(name, InternetAddress.toString(addresses, name.length() + 2));
            }
        }
    }

    /** A parsed address keeps its display name as it was written; given again, it is encoded. */
    private static InternetAddress encoded(InternetAddress address) throws MessagingException {
        String personal = address.getPersonal();
        if (personal == null || ascii(personal)) {
            return address;
        }
        try {
            return new InternetAddress(address.getAddress(), personal, StandardCharsets.UTF_8.name());
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    private static boolean ascii(String text) {
        return text == null || text.chars().allMatch(c -> c < 0x80);
    }
}
