package io.ordercast.api;

/** A call to /api/** without the right bearer token: answered 401. */
public class UnauthorizedException extends RuntimeException {

    public UnauthorizedException(String message) {
        super(message);
    }
}
