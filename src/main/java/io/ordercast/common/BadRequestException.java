package io.ordercast.common;

/** The request itself is malformed: answered 400. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}
