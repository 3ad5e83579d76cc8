package io.ordercast.db;

import org.springframework.transaction.TransactionSystemException;

/**
 * The commit failed without an answer, e.g. the connection was cut while the database was committing: the
 * transaction may have committed all the same. Callers whose work is not idempotent look at
 * {@link Jdbc#mayHaveCommitted}.
 */
class CommitUnconfirmedException extends TransactionSystemException {

    CommitUnconfirmedException(RuntimeException cause) {
        super("commit unconfirmed: " + cause.getMessage(), cause);
    }
}
