package io.ordercast.channel.email;

import io.ordercast.common.Redaction;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * Reads a recipient's e-mail address strictly, as exactly one bare address ({@code local@domain}).
 * The event schema only asks for something around an {@code @}; camel-mail would split {@code a;b@x}
 * or {@code a,b@x} into two recipients and Jakarta Mail rejects {@code name@example.com.} only while
 * sending, so the address is checked here, before the relay (and its circuit breaker) is involved.
 */
final class RecipientAddress {

    private RecipientAddress() {
    }

    static String parse(String address) throws InvalidAddressException {
        InternetAddress parsed;
        try {
            parsed = new InternetAddress(address, true);
            parsed.validate();
        } catch (AddressException e) {
            // the message of an AddressException is the problem alone; its toString() would quote the address
            throw new InvalidAddressException(Redaction.address(address), e.getMessage());
        }
        if (parsed.isGroup() || parsed.getPersonal() != null || !parsed.getAddress().equals(address.trim())) {
            throw new InvalidAddressException(Redaction.address(address), "only a bare address is accepted, no display name or group");
        }
        return parsed.getAddress();
    }
}
