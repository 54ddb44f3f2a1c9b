package de.deutschlandstack.core.audit;

import de.deutschlandstack.core.events.ActionInvoked;
import de.deutschlandstack.core.events.ChangeEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Records every change of a business object and every action in the audit trail, inside the transaction of the change:
 * a change that commits has its record, one that rolls back has none.
 */
@ApplicationScoped
public class AuditObservers {

    @Inject
    AuditTrail trail;

    void changed(@Observes ChangeEvent event) {
        trail.append(new AuditTrail.Entry(event.user(), AuditKind.DATA_CHANGE, event.kind().name(), event.entitySet(), event.key(), null));
    }

    void acted(@Observes ActionInvoked action) {
        trail.append(new AuditTrail.Entry(action.user(), AuditKind.DATA_CHANGE, "ACTION " + action.action(), action.entitySet(),
                action.key(), null));
    }
}
