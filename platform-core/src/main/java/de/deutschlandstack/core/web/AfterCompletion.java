package de.deutschlandstack.core.web;

import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Runs a cache eviction now and once more when the current transaction ends, whichever way it ends. */
public final class AfterCompletion {

    private AfterCompletion() {
    }

    /**
     * Now, so the change's own transaction no longer sees the old value; and after completion, so that a request that
     * read the old committed value meanwhile cannot keep it cached past the commit.
     */
    public static void forgetNowAndAtEnd(TransactionSynchronizationRegistry transaction, Runnable forget) {
        forget.run();
        transaction.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                forget.run();
            }
        });
    }
}
