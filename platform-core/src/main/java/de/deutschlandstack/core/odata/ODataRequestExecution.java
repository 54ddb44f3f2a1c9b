package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.config.PlatformSettings;
import de.deutschlandstack.core.events.ChangeEvent;
import de.deutschlandstack.core.events.PendingChange;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceUnit;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.apache.olingo.server.api.ODataHttpHandler;
import org.hibernate.Session;

/**
 * Runs one OData request. A write runs in one JTA transaction: any error response rolls it back, so an invalid
 * write changes nothing, and a successful one commits together with everything its change events wrote. A read
 * runs on its own entity manager, opened after the caller is bound and closed with the request, without a
 * transaction: it only selects columns, and a transaction would add a tenth to its cost without changing what
 * it sees (each statement reads committed data either way).
 */
@ApplicationScoped
public class ODataRequestExecution {

    /** The filter behind Hibernate's {@code @TenantId} ({@code TenantIdBinder.FILTER_NAME}, an internal class). */
    static final String TENANT_FILTER = "_tenantId";

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @PersistenceUnit(unitName = "platform")
    EntityManagerFactory emf;

    @Inject
    PlatformSettings settings;

    @Inject
    Event<PendingChange> pendingChanges;

    @Inject
    Event<ChangeEvent> changes;

    @Resource
    TransactionSynchronizationRegistry transaction;

    @Transactional
    public void write(ODataService service, HttpServletRequest request, HttpServletResponse response) {
        handle(service, em, request, response);
        if (response.getStatus() >= 400) {
            transaction.setRollbackOnly();
        }
    }

    public void read(ODataService service, HttpServletRequest request, HttpServletResponse response) {
        EntityManager readOnly = emf.createEntityManager();
        // Reads only run statements built by HqlStatement, which restricts every alias to the caller's tenant. With
        // Hibernate's own tenant filter off, Hibernate caches their translation (it caches no plan while any filter
        // is enabled); the session's tenant is still checked against the caller by EntityQueries.
        if (!settings.readsWithHibernateTenantFilter()) {
            readOnly.unwrap(Session.class).disableFilter(TENANT_FILTER);
        }
        try {
            handle(service, readOnly, request, response);
        } finally {
            readOnly.close();
        }
    }

    private void handle(ODataService service, EntityManager em, HttpServletRequest request, HttpServletResponse response) {
        ODataHttpHandler handler = service.odata().createHandler(service.metadata());
        handler.setSplit(1);
        handler.register(new PlatformErrorProcessor());
        handler.register(new JpaEntityProcessor(service, em, new WriteHooks() {
            @Override
            public void before(PendingChange change) {
                pendingChanges.fire(change);
            }

            @Override
            public void after(ChangeEvent event) {
                changes.fire(event);
            }
        }, new ServerDrivenPaging(settings.defaultPageSize(), settings.maxPageSize()),
                new ExpandLoader.Limits(settings.maxExpandDepth(), settings.maxExpandItems(), settings.maxPageSize(),
                        settings.maxResponseEntities())));
        handler.process(request, response);
    }
}
