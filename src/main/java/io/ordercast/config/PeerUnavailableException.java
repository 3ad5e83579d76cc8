package io.ordercast.config;

/**
 * The start gave up on the database or RabbitMQ: it did not answer within ordercast.startup.timeout, or refused
 * ordercast's credentials. The message names the peer (host:port, never a password) and is the whole story: the
 * start's failure is told in one line.
 */
public class PeerUnavailableException extends RuntimeException {

    public PeerUnavailableException(String message) {
        super(message);
    }
}
