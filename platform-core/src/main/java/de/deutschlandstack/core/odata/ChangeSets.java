package de.deutschlandstack.core.odata;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.util.function.Supplier;

/**
 * The transaction of one {@code $batch} change set (or atomicity group): all of its requests are stored, or none.
 * The work reports whether it failed; a failure rolls the whole set back. Each set gets a transaction of its own,
 * whatever ran before it in the batch.
 */
@ApplicationScoped
public class ChangeSets {

    /** The outcome of a change set's work: what to answer, and whether it failed (and must leave nothing behind). */
    public interface Outcome {
        boolean failed();
    }

    @Resource
    TransactionSynchronizationRegistry transaction;

    /**
     * Runs the work in a new transaction that commits unless the outcome failed. A commit that fails anyway (a
     * deferred constraint, a lost database) throws: the caller answers that nothing was stored.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T extends Outcome> T atomically(Supplier<T> work) {
        T outcome = work.get();
        if (outcome.failed()) {
            transaction.setRollbackOnly();
        }
        return outcome;
    }
}
