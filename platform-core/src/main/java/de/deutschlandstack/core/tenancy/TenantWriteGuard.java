package de.deutschlandstack.core.tenancy;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.DeleteContext;
import org.hibernate.event.spi.DeleteEvent;
import org.hibernate.event.spi.DeleteEventListener;
import org.hibernate.event.spi.PersistContext;
import org.hibernate.event.spi.PersistEvent;
import org.hibernate.event.spi.PersistEventListener;
import org.hibernate.event.spi.PostLoadEvent;
import org.hibernate.event.spi.PostLoadEventListener;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

/**
 * Refuses to persist, delete or load a tenant's entity through a persistence context that belongs to another tenant
 * than the bound caller. A transaction-scoped persistence context takes its tenant from the caller bound when it is
 * first used; code that binds another caller later in the same transaction would otherwise write that caller's rows
 * under the first tenant, or hand it the first tenant's entities. Such a call is a defect: it fails loudly at the call
 * (checked when the entity manager is asked, not at the flush, which may run later under anyone).
 */
public class TenantWriteGuard implements Integrator, PersistEventListener, DeleteEventListener, PostLoadEventListener {

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
        EventListenerRegistry listeners = sessionFactory.getServiceRegistry().requireService(EventListenerRegistry.class);
        listeners.prependListeners(EventType.PERSIST, this);
        listeners.prependListeners(EventType.DELETE, this);
        listeners.appendListeners(EventType.POST_LOAD, this);
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
    }

    @Override
    public void onPersist(PersistEvent event) {
        check(event.getObject(), event.getSession().getTenantIdentifier(), "persist");
    }

    @Override
    public void onPersist(PersistEvent event, PersistContext createdAlready) {
        onPersist(event);
    }

    @Override
    public void onDelete(DeleteEvent event) {
        check(event.getObject(), event.getSession().getTenantIdentifier(), "delete");
    }

    @Override
    public void onDelete(DeleteEvent event, DeleteContext transientEntities) {
        onDelete(event);
    }

    @Override
    public void onPostLoad(PostLoadEvent event) {
        check(event.getEntity(), event.getSession().getTenantIdentifier(), "load");
    }

    private static void check(Object entity, String sessionTenant, String what) {
        if (!(entity instanceof TenantScopedEntity)) {
            return;
        }
        CurrentCaller.get().ifPresent(caller -> {
            if (!caller.tenant().equals(sessionTenant)) {
                throw new IllegalStateException("A " + what + " for tenant " + caller.tenant() + " reached a persistence context of tenant "
                        + sessionTenant + "; bind the caller before the transaction first uses the entity manager");
            }
        });
    }
}
