package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.config.PlatformSettings;
import de.deutschlandstack.core.events.ChangeEvent;
import de.deutschlandstack.core.events.PendingChange;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.apache.olingo.server.api.ODataHttpHandler;

/**
 * Runs one OData request in one transaction. Any error response rolls the transaction back, so an invalid
 * write changes nothing; a successful one commits together with everything its change events wrote.
 */
@ApplicationScoped
public class ODataRequestExecution {

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @Inject
    PlatformSettings settings;

    @Inject
    Event<PendingChange> pendingChanges;

    @Inject
    Event<ChangeEvent> changes;

    @Resource
    TransactionSynchronizationRegistry transaction;

    @Transactional
    public void execute(ODataService service, HttpServletRequest request, HttpServletResponse response) {
        ODataHttpHandler handler = service.odata().createHandler(service.metadata());
        handler.setSplit(1);
        handler.register(new JpaEntityProcessor(service, em, new JpaEntityProcessor.WriteListener() {
            @Override
            public void before(PendingChange change) {
                pendingChanges.fire(change);
            }

            @Override
            public void after(ChangeEvent event) {
                changes.fire(event);
            }
        }, settings.defaultPageSize(), settings.maxPageSize()));
        handler.process(request, response);
        if (response.getStatus() >= 400) {
            transaction.setRollbackOnly();
        }
    }
}
