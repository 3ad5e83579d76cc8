package io.ordercast.channel.email;

import jakarta.mail.Address;
import jakarta.mail.SendFailedException;

/**
 * The mail needs SMTPUTF8 (an address with non-ASCII characters) and the relay does not offer it: nothing was sent.
 * A send failure for these addresses, as a refused recipient is: the connection stays good for the next mail.
 */
public class SmtpUtf8NotOfferedException extends SendFailedException {

    public SmtpUtf8NotOfferedException(Address[] addresses) {
        super("the relay does not offer SMTPUTF8, which the address needs", null, new Address[0], new Address[0],
                addresses);
    }
}
