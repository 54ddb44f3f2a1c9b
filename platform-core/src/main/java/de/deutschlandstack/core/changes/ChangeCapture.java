package de.deutschlandstack.core.changes;

import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.odata.model.ODataKey;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import org.hibernate.Hibernate;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.spi.EventSource;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PostCollectionRecreateEvent;
import org.hibernate.event.spi.PostCollectionRecreateEventListener;
import org.hibernate.event.spi.PostCollectionUpdateEvent;
import org.hibernate.event.spi.PostCollectionUpdateEventListener;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.event.spi.PreDeleteEvent;
import org.hibernate.event.spi.PreDeleteEventListener;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.mapping.ForeignKey;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feeds the {@linkplain ChangeLog transactional change log} from Hibernate's own events, so that every committed
 * write of an exposed business object is recorded however it was made: an OData write, a {@code $batch}, a business
 * action, demo data, an erasure. Registered as a Hibernate {@link Integrator}. What a transaction changed is
 * collected per entity as it is flushed and written to the log just before the transaction commits, in it.
 *
 * <p>Rows the database deletes by itself (an order's items, through {@code ON DELETE CASCADE}) are recorded too: before
 * a parent's delete runs, the keys of its cascading children are read and logged as deleted.
 */
public class ChangeCapture implements Integrator, PostInsertEventListener, PostUpdateEventListener, PostDeleteEventListener,
        PreDeleteEventListener, PostCollectionRecreateEventListener, PostCollectionUpdateEventListener {

    /** Resolved once per class: every flushed write asks. */
    private static final Map<Class<?>, java.util.Optional<String>> ENTITY_SETS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, java.util.Optional<java.lang.reflect.Field>> KEY_FIELDS = new ConcurrentHashMap<>();

    /** Per entity name: the tables whose rows the database deletes with it. */
    private final Map<String, List<CascadingChildren>> cascades = new ConcurrentHashMap<>();
    private final Map<EventSource, TransactionChanges> open = new ConcurrentHashMap<>();
    /** Under JTA, the log is written through the data source: the transaction's own connection, enlisted by the server. */
    private javax.sql.DataSource jtaDataSource;

    /** Children that {@code ON DELETE CASCADE} removes with their parent: their entity set, table, key and parent columns. */
    record CascadingChildren(String entityName, String entitySet, String table, String keyColumn, String parentColumn) {
    }

    /** Persistence unit property: {@code true} records changes; the unit's database must have the change log's tables. */
    public static final String ENABLED = "platform.changes.log";

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
        Object enabled = sessionFactory.getServiceRegistry().requireService(org.hibernate.engine.config.spi.ConfigurationService.class)
                .getSettings().get(ENABLED);
        if (!"true".equals(String.valueOf(enabled))) {
            return;
        }
        if (sessionFactory.getServiceRegistry().requireService(
                org.hibernate.resource.transaction.spi.TransactionCoordinatorBuilder.class).isJta()) {
            jtaDataSource = de.deutschlandstack.core.tenancy.TenantConnections.dataSourceOf(sessionFactory.getServiceRegistry());
        }
        for (PersistentClass entity : metadata.getEntityBindings()) {
            String set = entitySetOf(entity.getMappedClass());
            if (set == null) {
                continue;
            }
            for (ForeignKey key : entity.getTable().getForeignKeys().values()) {
                if (key.getOnDeleteAction() == org.hibernate.annotations.OnDeleteAction.CASCADE && key.getReferencedEntityName() != null) {
                    cascades.computeIfAbsent(key.getReferencedEntityName(), k -> new ArrayList<>())
                            .add(new CascadingChildren(entity.getEntityName(), set, entity.getTable().getName(),
                                    entity.getIdentifier().getColumns().get(0).getName(), key.getColumn(0).getName()));
                }
            }
        }
        EventListenerRegistry listeners = sessionFactory.getServiceRegistry().requireService(EventListenerRegistry.class);
        listeners.appendListeners(EventType.POST_INSERT, this);
        listeners.appendListeners(EventType.POST_UPDATE, this);
        listeners.appendListeners(EventType.POST_DELETE, this);
        listeners.appendListeners(EventType.PRE_DELETE, this);
        listeners.appendListeners(EventType.POST_COLLECTION_RECREATE, this);
        listeners.appendListeners(EventType.POST_COLLECTION_UPDATE, this);
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        record(event.getSession(), event.getEntity(), event.getPersister(), event.getId(), ChangeLog.Operation.CREATED);
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        record(event.getSession(), event.getEntity(), event.getPersister(), event.getId(), ChangeLog.Operation.UPDATED);
    }

    @Override
    public boolean onPreDelete(PreDeleteEvent event) {
        List<CascadingChildren> children = cascades.get(event.getPersister().getEntityName());
        if (children != null && event.getEntity() instanceof TenantScopedEntity parent) {
            changesOf(event.getSession()).cascadingDeletes(parent.getTenant(), event.getId(), children);
        }
        return false;
    }

    @Override
    public void onPostDelete(PostDeleteEvent event) {
        record(event.getSession(), event.getEntity(), event.getPersister(), event.getId(), ChangeLog.Operation.DELETED);
    }

    @Override
    public void onPostRecreateCollection(PostCollectionRecreateEvent event) {
        ownerChanged(event.getSession(), event.getAffectedOwnerOrNull());
    }

    @Override
    public void onPostUpdateCollection(PostCollectionUpdateEvent event) {
        ownerChanged(event.getSession(), event.getAffectedOwnerOrNull());
    }

    /** An element collection (a partner's addresses) is part of its owner's state. */
    private void ownerChanged(EventSource session, Object owner) {
        if (owner == null) {
            return;
        }
        EntityPersister persister = session.getEntityPersister(null, owner);
        record(session, owner, persister, persister.getIdentifier(owner, session), ChangeLog.Operation.UPDATED);
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return false;
    }

    private void record(EventSource session, Object entity, EntityPersister persister, Object id,
                        ChangeLog.Operation operation) {
        String set = entitySetOf(Hibernate.getClass(entity));
        if (set == null || !(entity instanceof TenantScopedEntity scoped)) {
            return;
        }
        changesOf(session).record(scoped.getTenant(), set, persister, odataKey(entity).orElse(id), entity, operation);
    }

    /** The key clients address the object by: its {@link ODataKey} code, where it has one, instead of the surrogate id. */
    private static java.util.Optional<Object> odataKey(Object entity) {
        java.util.Optional<java.lang.reflect.Field> field = KEY_FIELDS.computeIfAbsent(Hibernate.getClass(entity), type -> {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (java.lang.reflect.Field candidate : c.getDeclaredFields()) {
                    if (candidate.isAnnotationPresent(ODataKey.class)) {
                        candidate.setAccessible(true);
                        return java.util.Optional.of(candidate);
                    }
                }
            }
            return java.util.Optional.empty();
        });
        try {
            return field.isEmpty() ? java.util.Optional.empty() : java.util.Optional.ofNullable(field.get().get(entity));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private TransactionChanges changesOf(EventSource session) {
        return open.computeIfAbsent(session, s -> {
            TransactionChanges changes = new TransactionChanges(s, jtaDataSource, () -> open.remove(s));
            s.getActionQueue().registerProcess((org.hibernate.action.spi.BeforeTransactionCompletionProcess) changes);
            s.getActionQueue().registerProcess((org.hibernate.action.spi.AfterTransactionCompletionProcess) changes);
            return changes;
        });
    }

    /** The entity set an entity class is exposed as, or null: only business objects are logged. */
    static String entitySetOf(Class<?> type) {
        return ENTITY_SETS.computeIfAbsent(type, t -> {
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                ODataEntitySet exposed = c.getAnnotation(ODataEntitySet.class);
                if (exposed != null) {
                    return exposed.changeLog() ? java.util.Optional.of(exposed.name()) : java.util.Optional.<String>empty();
                }
            }
            return java.util.Optional.empty();
        }).orElse(null);
    }
}
