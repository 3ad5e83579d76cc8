package io.ordercast.channel.email;

import jakarta.mail.internet.AddressException;

/**
 * A recipient's e-mail address that is not exactly one valid address. A Jakarta Mail
 * {@link AddressException}, so the failure classifier treats it as permanent; its message names the
 * problem and only a masked form of the address, since it ends up in logs and failure reasons.
 */
public class InvalidAddressException extends AddressException {

    private static final long serialVersionUID = 1L;

    public InvalidAddressException(String maskedAddress, String problem) {
        super("recipient address " + maskedAddress + " is not one valid e-mail address: " + problem);
    }
}
