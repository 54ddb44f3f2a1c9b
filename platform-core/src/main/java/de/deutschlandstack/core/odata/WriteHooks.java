package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.events.ChangeEvent;
import de.deutschlandstack.core.events.PendingChange;

/** The platform's hooks around each write: business rules before it, change events after its flush (or its queueing). */
interface WriteHooks {

    void before(PendingChange change);

    void after(ChangeEvent event);

    /**
     * Whether a create may leave its {@code INSERT} to a later flush instead of flushing at once: inside a change set
     * that sends its creates together and runs once more request by request if anything fails ({@link ChangeSets}).
     */
    default boolean createsFlushLater() {
        return false;
    }

    /** A bound action ran (and flushed) on the entity. */
    default void acted(de.deutschlandstack.core.events.ActionInvoked action) {
    }
}
