package io.ordercast.tracking;

/**
 * The input message is not a valid order event. The message says what is wrong in words an
 * operator can act on; it becomes the {@code x-ordercast-error} header of the copy in
 * {@code ordercast.events.invalid}.
 */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }
}
