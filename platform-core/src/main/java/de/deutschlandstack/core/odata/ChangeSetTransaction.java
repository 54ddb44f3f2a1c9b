package de.deutschlandstack.core.odata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.function.Supplier;

/** The new transaction each run of a change set gets ({@link ChangeSets}), whatever ran before it in the batch. */
@ApplicationScoped
public class ChangeSetTransaction {

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T run(Supplier<T> work) {
        return work.get();
    }
}
