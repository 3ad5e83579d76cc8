package io.ordercast.tracking;

import io.ordercast.common.BadRequestException;

/**
 * The input message is not a valid order event. The message says what is wrong in words an
 * operator can act on; it becomes the {@code x-ordercast-error} header of the copy in
 * {@code ordercast.events.invalid}. Sent to the HTTP API (POST /api/preview) it is the caller's mistake: a 400.
 */
public class InvalidEventException extends BadRequestException {

    public InvalidEventException(String message) {
        super(message);
    }
}
