package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.events.ChangeEvent;
import de.deutschlandstack.core.events.PendingChange;

/** The platform's hooks around each write: business rules before it, change events after its flush. */
interface WriteHooks {

    void before(PendingChange change);

    void after(ChangeEvent event);
}
