package io.ordercast.db;

/**
 * The database could not be reached. Routes retry this without giving up: the input message
 * stays unacknowledged in the broker until the database is back.
 */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
