package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.security.AccessPolicy;
import de.deutschlandstack.core.events.ChangeEvent;
import de.deutschlandstack.core.events.ChangeKind;
import de.deutschlandstack.core.events.EntityState;
import de.deutschlandstack.core.events.PendingChange;
import de.deutschlandstack.core.odata.TargetResolution.Target;
import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.NavigationModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
import de.deutschlandstack.core.odata.query.EntityQueries;
import de.deutschlandstack.core.odata.query.Values;
import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.Link;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.etag.PreconditionException;
import org.apache.olingo.server.api.uri.UriResourceEntitySet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Creates, changes and deletes entities through JPA inside the request's transaction: applies the body, binds
 * references, checks the ETag, runs the platform's hooks and flushes, so that every failure becomes the client's
 * error before the response is written, never a failed commit after it.
 */
final class EntityWriter {

    /** One entity tag ({@code W/"3"} or {@code "3"}), or {@code *}; {@code If-Match} holds a list of them. */
    private static final Pattern ENTITY_TAGS = Pattern.compile("\\s*(\\*|(W/)?\"[^\"]*\")(\\s*,\\s*(W/)?\"[^\"]*\")*\\s*");

    /** RFC 6585; Olingo's status enumeration lacks it. */
    private static final int PRECONDITION_REQUIRED = 428;

    private final OData odata;
    private final ServiceMetadata metadata;
    private final ServiceModel model;
    private final EntityManager em;
    private final EntityQueries queries;
    private final EntityMapping mapping;
    private final TargetResolution targets;
    private final WriteHooks hooks;
    private final NestedWrites nested;

    EntityWriter(OData odata, ServiceMetadata metadata, ServiceModel model, EntityManager em, EntityQueries queries, int maxNestedEntities,
                 EntityMapping mapping, TargetResolution targets, WriteHooks hooks) {
        this.odata = odata;
        this.metadata = metadata;
        this.model = model;
        this.em = em;
        this.queries = queries;
        this.mapping = mapping;
        this.targets = targets;
        this.hooks = hooks;
        this.nested = new NestedWrites(this, model, queries, mapping, maxNestedEntities);
    }

    /**
     * Creates the entity the body describes in the target's entity set, and, nested in the body, the entities it
     * refers to and its children (deep insert); answers the stored entity.
     */
    Object create(Target target, Entity given, String rawBaseUri) throws ODataApplicationException {
        java.util.function.Consumer<Object> toParent = null;
        if (target.isNavigation()) {
            // POST SalesOrders(7)/Items: the new item belongs to order 7 (its partner navigation points there).
            NavigationModel navigation = target.source().navigation();
            NavigationModel parentSide = navigation.partner() == null || !navigation.collection() ? null
                    : target.set().navigation(navigation.partner()).filter(n -> !n.collection()).orElse(null);
            if (parentSide == null) {
                throw ErrorMapping.error(HttpStatusCode.NOT_IMPLEMENTED,
                        "Create the entity in its entity set and bind it to its parent with @odata.bind");
            }
            EntitySetModel parentSet = target.source().parentSet();
            Object parent = queries.byKey(parentSet, target.source().parentKey())
                    .orElseThrow(() -> targets.notFound(parentSet, target.source().parentKey()));
            toParent = child -> link(parentSide, child, parent);
        }
        nested.start();
        return insert(target.set(), given, rawBaseUri, toParent);
    }

    /**
     * One entity of a create, with what the body nests in it: entities it refers to are created first and bound,
     * its children after it, each through the same steps (hooks, flush, change event).
     */
    Object insert(EntitySetModel set, Entity given, String rawBaseUri, java.util.function.Consumer<Object> toParent)
            throws ODataApplicationException {
        refuseUnless(set.insertable(), set, "created");
        Object entity = set.newInstance();
        mapping.apply(set, given, entity, false, true);
        bind(set, given, entity, rawBaseUri);
        nested.insertReferenced(set, given, entity, rawBaseUri);
        if (toParent != null) {
            toParent.accept(entity);
        }
        hooks.before(new PendingChange(ChangeKind.CREATED, model.name(), set.name(), entity, EntityState.NONE,
                CurrentCaller.require()));
        em.persist(entity);
        boolean later = hooks.createsFlushLater() && !set.generatesOnInsert();
        if (!later) {
            flush();
        }
        linkBack(set, entity);
        changed(ChangeKind.CREATED, set, entity, EntityState.NONE, later);
        nested.insertChildren(set, given, entity, rawBaseUri);
        return entity;
    }

    /**
     * PATCH ({@code replace} false) or PUT ({@code replace} true) of one entity; a nested collection in the body is
     * the children's new state (deep update).
     */
    Object update(Target target, Entity given, List<String> ifMatch, List<String> ifNoneMatch, boolean replace,
                  String rawBaseUri) throws ODataApplicationException {
        refuseUnless(target.set().updatable(), target.set(), "changed");
        Object entity = loadForChange(target, ifMatch, ifNoneMatch);
        rejectKeyChange(target, given);
        nested.start();
        return change(target.set(), entity, given, replace, rawBaseUri);
    }

    /**
     * Sets or clears ({@code reference} null) one single-valued navigation of the target entity: a {@code $ref}
     * write, done as a PATCH with {@code @odata.bind} would do it. A sent If-Match is checked against the entity
     * holding the reference, but not demanded: the client addressed the reference, not that entity's version.
     */
    Object relink(Target target, NavigationModel navigation, String reference, List<String> ifMatch, List<String> ifNoneMatch,
                  String rawBaseUri) throws ODataApplicationException {
        refuseUnless(target.set().updatable(), target.set(), "changed");
        Object entity = loadGuarded(target, ifMatch, ifNoneMatch, false);
        Link link = new Link();
        link.setTitle(navigation.name());
        link.setBindingLink(reference);
        Entity given = new Entity();
        given.getNavigationBindings().add(link);
        nested.start();
        return change(target.set(), entity, given, false, rawBaseUri);
    }

    /** One entity of an update, then its nested children. */
    Object change(EntitySetModel set, Object entity, Entity given, boolean replace, String rawBaseUri) throws ODataApplicationException {
        refuseUnless(set.updatable(), set, "changed");
        EntityState previous = new EntityState(set.snapshot(entity));
        mapping.apply(set, given, entity, replace, false);
        bind(set, given, entity, rawBaseUri);
        hooks.before(new PendingChange(ChangeKind.UPDATED, model.name(), set.name(), entity, previous,
                CurrentCaller.require()));
        flush();
        changed(ChangeKind.UPDATED, set, entity, previous, false);
        nested.updateChildren(set, given, entity, rawBaseUri);
        return entity;
    }

    /** One entity of a delete, its business rules and change event included. */
    void remove(EntitySetModel set, Object entity) throws ODataApplicationException {
        refuseUnless(set.deletable(), set, "deleted");
        EntityState previous = new EntityState(set.snapshot(entity));
        hooks.before(new PendingChange(ChangeKind.DELETED, model.name(), set.name(), entity, previous,
                CurrentCaller.require()));
        // Out of its parents' loaded collections too, or their cascade would meet a deleted entity at the flush.
        for (NavigationModel navigation : set.navigations()) {
            Object related = navigation.collection() || navigation.partner() == null ? null
                    : org.hibernate.Hibernate.unproxy(navigation.read(entity));
            if (related != null) {
                model.entitySetOf(navigation.targetType()).flatMap(parent -> parent.navigation(navigation.partner()))
                        .filter(NavigationModel::collection)
                        .map(back -> back.read(related))
                        .filter(members -> members instanceof java.util.Collection<?> c && org.hibernate.Hibernate.isInitialized(c))
                        .ifPresent(members -> ((java.util.Collection<?>) members).remove(entity));
            }
        }
        em.remove(entity);
        flush();
        changed(ChangeKind.DELETED, set, entity, previous, false);
    }

    void delete(Target target, List<String> ifMatch, List<String> ifNoneMatch) throws ODataApplicationException {
        refuseUnless(target.set().deletable(), target.set(), "deleted");
        remove(target.set(), loadForChange(target, ifMatch, ifNoneMatch));
    }

    /** The key as the entity's URL writes it ({@code 7}, {@code 'EUR'}). */
    String keyLiteral(EntitySetModel set, Object key) {
        return mapping.keyLiteral(set, key);
    }

    /** Points the entity's single-valued navigation at {@code related}. */
    void link(NavigationModel navigation, Object entity, Object related) {
        navigation.write(entity, related);
    }

    /**
     * Once the entity is stored: each parent it points to that holds it in a collection already loaded gets it added,
     * so that an action later in the same transaction (releasing an order whose items a deep insert just created)
     * sees the items it has. Done after the persist, so that no flush before it meets a half-written entity.
     */
    private void linkBack(EntitySetModel set, Object entity) {
        for (NavigationModel navigation : set.navigations()) {
            Object related = navigation.collection() || navigation.partner() == null ? null
                    : org.hibernate.Hibernate.unproxy(navigation.read(entity));
            if (related == null) {
                continue;
            }
            model.entitySetOf(navigation.targetType()).flatMap(parent -> parent.navigation(navigation.partner()))
                    .filter(NavigationModel::collection)
                    .map(back -> back.read(related))
                    .filter(members -> members instanceof java.util.Collection<?> c && org.hibernate.Hibernate.isInitialized(c)
                            && !c.contains(entity))
                    .ifPresent(members -> {
                        @SuppressWarnings("unchecked")
                        java.util.Collection<Object> writable = (java.util.Collection<Object>) members;
                        writable.add(entity);
                    });
        }
    }

    /** A link the platform sets (an invoice's order, set by the order's CreateInvoice) is not the client's to bind. */
    static void refuseComputed(NavigationModel navigation) throws ODataApplicationException {
        if (navigation.field() != null && navigation.field().isAnnotationPresent(de.deutschlandstack.core.odata.model.Computed.class)) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, navigation.name() + " is set by the platform, not bound by clients");
        }
    }

    /** A set whose entities only business actions write (Capabilities.InsertRestrictions ... in $metadata). */
    private static void refuseUnless(boolean allowed, EntitySetModel set, String done) throws ODataApplicationException {
        AccessPolicy.requireWrite(set);
        if (!allowed) {
            throw ErrorMapping.error(HttpStatusCode.METHOD_NOT_ALLOWED, set.name() + " are not " + done
                    + " directly; their business actions write them (see $metadata)");
        }
    }

    private Object loadForChange(Target target, List<String> ifMatch, List<String> ifNoneMatch) throws ODataApplicationException {
        if (target.key() == null) {
            throw ErrorMapping.error(HttpStatusCode.NOT_IMPLEMENTED, "Change the related entity through its own entity set");
        }
        return loadGuarded(target, ifMatch, ifNoneMatch, true);
    }

    /**
     * The entity the target addresses, after checking the client's preconditions against its ETag. With
     * {@code required}, a versioned entity is not changed without one (428): plain updates and deletes. An action
     * checks what the client sent but does not demand it.
     */
    Object loadGuarded(Target target, List<String> ifMatch, List<String> ifNoneMatch, boolean required) throws ODataApplicationException {
        rejectMalformed("If-Match", ifMatch);
        rejectMalformed("If-None-Match", ifNoneMatch);
        Object entity = targets.load(target);
        Optional<Long> version = target.set().version(entity);
        boolean given = ifMatch != null && !ifMatch.isEmpty() || ifNoneMatch != null && !ifNoneMatch.isEmpty();
        if (version.isPresent() && (given || required)) {
            if (!given) {
                // $metadata declares Core.OptimisticConcurrency: a change must say which version it replaces.
                throw ErrorMapping.error(PRECONDITION_REQUIRED, target.set().name()
                        + " changes need If-Match with the ETag you read (or * to overwrite whatever is there)");
            }
            try {
                odata.createETagHelper().checkChangePreconditions(EntityMapping.etag(version.get()), ifMatch, ifNoneMatch);
            } catch (PreconditionException e) {
                throw ErrorMapping.error(HttpStatusCode.PRECONDITION_FAILED,
                        "The precondition does not hold: the entity's ETag is now " + EntityMapping.etag(version.get())
                                + " (changed by someone else, or If-None-Match: * on an entity that exists)");
            }
        }
        return entity;
    }

    /** A precondition the server cannot read must not be ignored: the client meant to guard its change. */
    private static void rejectMalformed(String header, List<String> values) throws ODataApplicationException {
        if (values == null || values.isEmpty()) {
            return;
        }
        // Several header lines are one list: "W/\"1\"" and "*" together are as invalid as in one line.
        if (values.stream().anyMatch(java.util.Objects::isNull) || !ENTITY_TAGS.matcher(String.join(",", values)).matches()) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, header + " must be * or a list of entity tags such as W/\"3\"");
        }
    }

    /**
     * Announces the flushed write, then flushes what its observers changed: anything that fails must fail
     * before the response is written, never at commit after the client was told "created". A create inside a
     * change set that flushes its creates together ({@link ChangeSets}) leaves both to the set's flush ({@code later}).
     */
    private void changed(ChangeKind kind, EntitySetModel set, Object entity, EntityState previous, boolean later)
            throws ODataApplicationException {
        Caller caller = CurrentCaller.require();
        hooks.after(new ChangeEvent(caller.tenant(), caller.user(), model.name(), set.name(),
                mapping.keyLiteral(set, set.key().read(entity)), kind, entity, previous, Instant.now()));
        if (!later) {
            flush();
        }
    }

    /**
     * Binds single-valued navigations given as {@code "Customer@odata.bind": "BusinessPartners(3)"}. (Olingo's
     * deserializer refuses {@code null} there with a 400 of its own.)
     */
    private void bind(EntitySetModel set, Entity given, Object entity, String rawBaseUri) throws ODataApplicationException {
        for (Link link : given.getNavigationBindings()) {
            NavigationModel navigation = set.navigation(link.getTitle())
                    .orElseThrow(() -> ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "Unknown navigation property " + link.getTitle()));
            if (navigation.collection()) {
                throw ErrorMapping.error(HttpStatusCode.NOT_IMPLEMENTED,
                        "Binding the collection " + navigation.name() + " is not supported; bind each member to this entity instead");
            }
            refuseComputed(navigation);
            if (link.getBindingLink() == null) {
                // Only a $ref DELETE unbinds: Olingo's deserializer refuses a null @odata.bind.
                if (navigation.composition()) {
                    throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "A " + set.name() + " entity belongs to its "
                            + navigation.name() + "; delete it instead of removing the reference");
                }
                if (!navigation.nullable()) {
                    throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, navigation.name() + " is required; set another reference instead");
                }
                link(navigation, entity, null);
                continue;
            }
            UriResourceEntitySet reference;
            try {
                reference = odata.createUriHelper().parseEntityId(metadata.getEdm(), link.getBindingLink(), rawBaseUri);
            } catch (ODataLibraryException | RuntimeException e) {
                throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "Invalid entity reference for " + navigation.name()
                        + "; write it as EntitySet(key)");
            }
            EntitySetModel targetSet = targets.entitySet(reference.getEntitySet());
            if (!navigation.targetType().isAssignableFrom(targetSet.javaType())) {
                throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, navigation.name() + " must refer to "
                        + model.entitySetOf(navigation.targetType()).orElseThrow().name());
            }
            Object key = targets.key(targetSet, reference.getKeyPredicates());
            // The referenced entity must be visible to the caller: another tenant's entity does not exist here.
            Object related = queries.byKey(targetSet, key).orElseThrow(() -> ErrorMapping.error(HttpStatusCode.BAD_REQUEST,
                    navigation.name() + " refers to " + targetSet.name() + "(" + mapping.keyLiteral(targetSet, key) + "), which does not exist"));
            link(navigation, entity, related);
        }
    }


    private static void rejectKeyChange(Target target, Entity given) throws ODataApplicationException {
        var keyProperty = given.getProperty(target.set().key().name());
        if (keyProperty != null && keyProperty.getValue() != null) {
            Object givenKey = Values.convert(keyProperty.getValue(), target.set().key().javaType());
            if (!givenKey.equals(target.key())) {
                throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "The key " + target.set().key().name() + " cannot be changed");
            }
        }
    }

    /** Sends pending SQL now, so that constraint violations become the client's error, not a failed commit. */
    void flush() throws ODataApplicationException {
        try {
            em.flush();
        } catch (ConstraintViolationException e) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, e.getConstraintViolations().stream()
                    .map(this::describe).sorted().collect(Collectors.joining("; ")));
        } catch (OptimisticLockException e) {
            throw ErrorMapping.error(HttpStatusCode.PRECONDITION_FAILED, "The entity was changed by someone else meanwhile");
        } catch (PersistenceException e) {
            throw ErrorMapping.persistenceError(e);
        }
    }

    private String describe(ConstraintViolation<?> violation) {
        String attribute = violation.getPropertyPath().toString();
        String name = model.entitySetOf(violation.getRootBeanClass())
                .flatMap(set -> set.properties().stream().filter(p -> p.attribute().equals(attribute)).findFirst())
                .map(p -> p.name()).orElse(attribute);
        return name + " " + violation.getMessage();
    }
}
