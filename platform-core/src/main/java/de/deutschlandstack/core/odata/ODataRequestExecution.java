package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.audit.AuditTrail;
import de.deutschlandstack.core.audit.RequestAudit;
import de.deutschlandstack.core.events.ActionInvoked;
import de.deutschlandstack.core.config.PlatformSettings;
import de.deutschlandstack.core.events.ChangeEvent;
import de.deutschlandstack.core.events.PendingChange;
import de.deutschlandstack.core.tenancy.RowLevelSecurity;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceUnit;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.server.api.ODataHandler;
import org.apache.olingo.server.api.ODataHttpHandler;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
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

    @Inject
    Event<ActionInvoked> actions;

    @Inject
    AuditTrail audit;

    @Resource
    TransactionSynchronizationRegistry transaction;

    @Inject
    @Any
    Instance<Object> beans;

    @Inject
    ChangeSets changeSets;

    @Transactional
    public void write(ODataService service, HttpServletRequest request, HttpServletResponse response) {
        RowLevelSecurity.leaveIsolationToDatabase(em);
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
            readOnly.unwrap(Session.class).disableFilter(RowLevelSecurity.HIBERNATE_TENANT_FILTER);
        }
        RowLevelSecurity.leaveIsolationToDatabase(readOnly);
        try {
            handle(service, readOnly, request, response);
        } finally {
            readOnly.close();
        }
    }

    /**
     * A {@code $batch}: no transaction around it; each change set (or atomicity group, or write outside one) runs in
     * its own ({@link ChangeSets}), reads in none. Multipart batches are parsed by Olingo, JSON batches (4.01) here.
     */
    public void batch(ODataService service, HttpServletRequest request, HttpServletResponse response, RequestGuard guard) {
        BatchParts parts = new BatchParts(guard, service.names(), settings.maxBatchRequests(), settings.maxBatchResponseBytes());
        String contentType = java.util.Optional.ofNullable(request.getContentType()).orElse("").toLowerCase(java.util.Locale.ROOT);
        if (!contentType.startsWith("application/json")) {
            ODataHttpHandler handler = service.odata().createHandler(service.metadata());
            handler.setSplit(1);
            register(handler, service, em);
            handler.register(new BatchProcessing(changeSets, parts));
            handler.process(request, response);
            return;
        }
        ODataHandler handler = service.odata().createRawHandler(service.metadata());
        register(handler, service, em);
        ODataRequest batch = new ODataRequest();
        batch.setMethod(HttpMethod.POST);
        String base = request.getRequestURL().substring(0, request.getRequestURL().indexOf(request.getRequestURI()))
                + request.getContextPath() + request.getServletPath() + "/" + service.model().name();
        batch.setRawBaseUri(base);
        batch.setRawServiceResolutionUri(null);
        batch.setRawODataPath("/$batch");
        batch.setRawRequestUri(base + "/$batch");
        batch.setProtocol(request.getProtocol());
        try {
            batch.setBody(request.getInputStream());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ODataResponse answer = new ODataResponse();
        new JsonBatch(handler, changeSets, parts).process(batch, answer,
                service.odata().createPreferences(java.util.Collections.list(request.getHeaders("Prefer"))));
        response.setStatus(answer.getStatusCode());
        answer.getAllHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        try (java.io.InputStream content = answer.getContent()) {
            if (content != null) {
                content.transferTo(response.getOutputStream());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Records what a finished request must leave in its tenant's audit trail ({@link RequestAudit}): the personal
     * data it read, and each refusal for lack of a role, with the refusal's message (the set or action and the roles it
     * needs; never the query, which may hold personal values).
     */
    void audit() {
        de.deutschlandstack.core.tenancy.Caller caller = de.deutschlandstack.core.tenancy.CurrentCaller.get().orElse(null);
        java.util.List<AuditTrail.Entry> entries = RequestAudit.drain(caller == null ? null : caller.user());
        if (caller == null) {
            return;
        }
        audit.appendNow(caller.tenant(), entries);
    }

    private void handle(ODataService service, EntityManager em, HttpServletRequest request, HttpServletResponse response) {
        ODataHttpHandler handler = service.odata().createHandler(service.metadata());
        handler.setSplit(1);
        register(handler, service, em);
        handler.process(request, response);
    }

    /** The platform's processors, on the given entity manager: errors, actions and functions, entity sets. */
    private void register(ODataHandler handler, ODataService service, EntityManager em) {
        WriteHooks hooks = new WriteHooks() {
            @Override
            public void before(PendingChange change) {
                pendingChanges.fire(change);
            }

            @Override
            public void after(ChangeEvent event) {
                changes.fire(event);
            }

            @Override
            public boolean createsFlushLater() {
                return changeSets.defersCreates();
            }

            @Override
            public void acted(ActionInvoked action) {
                actions.fire(action);
            }
        };
        // Actions and functions ask for platform services (CDI beans of any module) by type.
        OperationProcessor operations = new OperationProcessor(service.model(), em, hooks, settings.maxNestedEntities(),
                type -> beans.select(type).get());
        handler.register(new PlatformErrorProcessor());
        handler.register(new MetadataDocument());
        handler.register(operations);
        handler.register(new JpaEntityProcessor(service, em, hooks, settings.maxNestedEntities(),
                new ServerDrivenPaging(settings.defaultPageSize(), settings.maxPageSize()),
                new ExpandLoader.Limits(settings.maxExpandDepth(), settings.maxExpandItems(), settings.maxPageSize(),
                        settings.maxResponseEntities()), operations));
    }
}
