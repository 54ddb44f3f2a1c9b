package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.events.BusinessRuleViolation;
import de.deutschlandstack.core.events.ChangeEvent;
import de.deutschlandstack.core.events.ChangeKind;
import de.deutschlandstack.core.events.PendingChange;
import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.NavigationModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
import de.deutschlandstack.core.odata.query.EntityQueries;
import de.deutschlandstack.core.odata.query.EntityQueries.Source;
import de.deutschlandstack.core.odata.query.QueryException;
import de.deutschlandstack.core.odata.query.Values;
import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.EntityCollection;
import org.apache.olingo.commons.api.data.EntityIterator;
import org.apache.olingo.commons.api.data.Link;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmPrimitiveType;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.deserializer.DeserializerResult;
import org.apache.olingo.server.api.etag.PreconditionException;
import org.apache.olingo.server.api.prefer.Preferences;
import org.apache.olingo.server.api.processor.CountEntityCollectionProcessor;
import org.apache.olingo.server.api.processor.EntityProcessor;
import org.apache.olingo.server.api.processor.PrimitiveProcessor;
import org.apache.olingo.server.api.serializer.PrimitiveSerializerOptions;
import org.apache.olingo.server.api.uri.UriResourcePrimitiveProperty;
import org.apache.olingo.commons.api.edm.EdmProperty;
import org.apache.olingo.server.api.serializer.EntityCollectionSerializerOptions;
import org.apache.olingo.server.api.serializer.EntitySerializerOptions;
import org.apache.olingo.server.api.serializer.ODataSerializer;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriParameter;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceEntitySet;
import org.apache.olingo.server.api.uri.UriResourceNavigation;
import org.apache.olingo.server.api.uri.queryoption.CountOption;
import org.apache.olingo.server.api.uri.queryoption.ExpandItem;
import org.apache.olingo.server.api.uri.queryoption.ExpandOption;
import org.apache.olingo.server.api.uri.queryoption.FilterOption;
import org.apache.olingo.server.api.uri.queryoption.SkipOption;
import org.apache.olingo.server.api.uri.queryoption.TopOption;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one processor behind every entity set of every service: reads run as HQL queries in the database
 * ({@link EntityQueries}), writes go through JPA inside the request's transaction. Nothing here is specific
 * to an entity; a new business object needs no code in this class.
 */
final class JpaEntityProcessor implements EntityProcessor, CountEntityCollectionProcessor, PrimitiveProcessor {

    private static final Logger LOG = Logger.getLogger(JpaEntityProcessor.class);

    /** Hooks into the platform around each write: business rules before, change events after the flush. */
    interface WriteListener {
        void before(PendingChange change);

        void after(ChangeEvent event);
    }

    private final ServiceModel model;
    private final EntityManager em;
    private final EntityQueries queries;
    private final WriteListener listener;
    private final int defaultPageSize;
    private final int maxPageSize;
    private OData odata;
    private ServiceMetadata metadata;
    private EntityMapping mapping;

    JpaEntityProcessor(ODataService service, EntityManager em, WriteListener listener, int defaultPageSize, int maxPageSize) {
        this.model = service.model();
        this.em = em;
        this.queries = new EntityQueries(em, model);
        this.listener = listener;
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
    }

    @Override
    public void init(OData odata, ServiceMetadata metadata) {
        this.odata = odata;
        this.metadata = metadata;
        this.mapping = new EntityMapping(odata);
    }

    // ---- what a URL addresses ------------------------------------------------------------------------------

    /**
     * The resource a URL addresses: an entity set, one entity by key, or a navigation from one entity
     * ({@code SalesOrders(7)/Items}, optionally with a key of its own).
     */
    private record Target(EdmEntitySet edmSet, EntitySetModel set, Source source, Object key) {
    }

    private Target target(UriInfo uriInfo) throws ODataApplicationException {
        List<UriResource> parts = uriInfo.getUriResourceParts().stream()
                .filter(p -> p instanceof UriResourceEntitySet || p instanceof UriResourceNavigation)
                .toList();
        if (parts.isEmpty() || !(parts.get(0) instanceof UriResourceEntitySet root)) {
            throw error(HttpStatusCode.NOT_IMPLEMENTED, "Only entity sets are served");
        }
        if (parts.size() > 2) {
            throw error(HttpStatusCode.NOT_IMPLEMENTED, "Navigation deeper than one step is not supported; use $expand");
        }
        EntitySetModel rootSet = entitySet(root.getEntitySet());
        Object rootKey = root.getKeyPredicates().isEmpty() ? null : key(rootSet, root.getKeyPredicates());
        if (parts.size() == 1) {
            return new Target(root.getEntitySet(), rootSet, Source.of(rootSet), rootKey);
        }
        UriResourceNavigation step = (UriResourceNavigation) parts.get(1);
        NavigationModel navigation = rootSet.navigation(step.getProperty().getName()).orElseThrow();
        EdmEntitySet targetEdmSet = (EdmEntitySet) root.getEntitySet().getRelatedBindingTarget(navigation.name());
        EntitySetModel targetSet = entitySet(targetEdmSet);
        // The parent must exist in the caller's tenant; otherwise the whole path does not exist.
        queries.rowByKey(Source.of(rootSet), rootKey).orElseThrow(() -> notFound(rootSet.name(), rootKey));
        Object targetKey = step.getKeyPredicates().isEmpty() ? null : key(targetSet, step.getKeyPredicates());
        return new Target(targetEdmSet, targetSet, Source.navigation(rootSet, rootKey, navigation, targetSet), targetKey);
    }

    private EntitySetModel entitySet(EdmEntitySet edmSet) {
        return model.entitySet(edmSet.getName()).orElseThrow();
    }

    private Object key(EntitySetModel set, List<UriParameter> predicates) {
        return mapping.keyOf(set, predicates.get(0).getText());
    }

    /** The entity a write addresses, or 404: another tenant's entity and a missing one look the same. */
    private Object load(Target target) throws ODataApplicationException {
        Optional<Object> entity = target.source().navigation() == null
                ? queries.byKey(target.set(), target.key())
                : queries.byKey(target.source(), target.key());
        return entity.orElseThrow(() -> notFound(target.set().name(), target.key()));
    }

    /** The row a read of one entity addresses; empty for a single-valued navigation that leads nowhere. */
    private Optional<Object[]> readRow(Target target) throws ODataApplicationException {
        if (target.key() == null) {
            // A single-valued navigation such as SalesOrders(7)/Customer.
            return queries.rows(target.source(), null, null, 0, 1).stream().findFirst();
        }
        Object[] row = queries.rowByKey(target.source(), target.key())
                .orElseThrow(() -> notFound(target.set().name(), target.key()));
        return Optional.of(row);
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    @Override
    public void readEntityCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
            throws ODataApplicationException, ODataLibraryException {
        guarded(() -> {
            rejectUnsupported(uriInfo);
            Target target = target(uriInfo);
            Expression filter = filter(uriInfo.getFilterOption());
            int skip = value(uriInfo.getSkipOption());
            Integer top = uriInfo.getTopOption() == null ? null : uriInfo.getTopOption().getValue();
            int delivered = skipToken(uriInfo);

            Preferences preferences = odata.createPreferences(request.getHeaders(HttpHeader.PREFER));
            int pageSize = Math.min(maxPageSize,
                    preferences.getMaxPageSize() != null && preferences.getMaxPageSize() > 0 ? preferences.getMaxPageSize() : defaultPageSize);
            int wanted = top == null ? pageSize : Math.max(0, Math.min(pageSize, top - delivered));

            // One row more than the page tells whether another page follows, without a second query.
            List<Object[]> rows = wanted == 0 ? List.of()
                    : queries.rows(target.source(), filter, uriInfo.getOrderByOption(), skip + delivered, wanted + 1);
            boolean overflow = rows.size() > wanted;
            if (overflow) {
                rows = rows.subList(0, wanted);
            }
            boolean more = overflow && (top == null || delivered + wanted < top);

            List<Entity> entities = toOData(target.set(), rows);
            PageOfEntities page = new PageOfEntities(entities);
            if (uriInfo.getCountOption() != null && uriInfo.getCountOption().getValue()) {
                page.setCount((int) Math.min(Integer.MAX_VALUE, queries.count(target.source(), filter)));
            }
            if (more) {
                page.setNext(nextLink(request, delivered + wanted));
                if (preferences.getMaxPageSize() != null) {
                    response.setHeader(HttpHeader.PREFERENCE_APPLIED, "odata.maxpagesize=" + pageSize);
                }
            }
            expand(target.set(), rows, entities, uriInfo.getExpandOption());

            ODataSerializer serializer = odata.createSerializer(format);
            ContextURL context = ContextURL.with()
                    .entitySet(target.edmSet())
                    .selectList(odata.createUriHelper().buildContextURLSelectList(target.edmSet().getEntityType(),
                            uriInfo.getExpandOption(), uriInfo.getSelectOption()))
                    .build();
            EntityCollectionSerializerOptions options = EntityCollectionSerializerOptions.with()
                    .contextURL(context)
                    .id(request.getRawBaseUri() + "/" + target.set().name())
                    .count(uriInfo.getCountOption())
                    .select(uriInfo.getSelectOption())
                    .expand(uriInfo.getExpandOption())
                    .build();
            // Streamed straight into the response instead of through an intermediate buffer.
            response.setODataContent(serializer.entityCollectionStreamed(metadata, target.edmSet().getEntityType(), page, options)
                    .getODataContent());
            response.setStatusCode(HttpStatusCode.OK.getStatusCode());
            response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
        });
    }

    @Override
    public void countEntityCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo)
            throws ODataApplicationException, ODataLibraryException {
        guarded(() -> {
            rejectUnsupported(uriInfo);
            Target target = target(uriInfo);
            long count = queries.count(target.source(), filter(uriInfo.getFilterOption()));
            response.setContent(odata.createFixedFormatSerializer().count((int) Math.min(Integer.MAX_VALUE, count)));
            response.setStatusCode(HttpStatusCode.OK.getStatusCode());
            response.setHeader(HttpHeader.CONTENT_TYPE, ContentType.TEXT_PLAIN.toContentTypeString());
        });
    }

    @Override
    public void readEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
            throws ODataApplicationException, ODataLibraryException {
        guarded(() -> {
            rejectUnsupported(uriInfo);
            Target target = target(uriInfo);
            Optional<Object[]> found = readRow(target);
            if (found.isEmpty()) {
                response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
                return;
            }
            Object[] row = found.get();
            Entity entity = mapping.toOData(target.set(), row);
            if (entity.getETag() != null && odata.createETagHelper().checkReadPreconditions(entity.getETag(),
                    request.getHeaders(HttpHeader.IF_MATCH), request.getHeaders(HttpHeader.IF_NONE_MATCH))) {
                response.setStatusCode(HttpStatusCode.NOT_MODIFIED.getStatusCode());
                response.setHeader(HttpHeader.ETAG, entity.getETag());
                return;
            }
            List<Object[]> rows = new ArrayList<>();
            rows.add(row);
            expand(target.set(), rows, List.of(entity), uriInfo.getExpandOption());
            writeEntity(response, target, entity, format, uriInfo.getExpandOption(), uriInfo, HttpStatusCode.OK);
        });
    }

    /** One property of one entity: {@code SalesOrders(7)/OrderNumber}. */
    @Override
    public void readPrimitive(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
            throws ODataApplicationException, ODataLibraryException {
        guarded(() -> {
            Target target = target(uriInfo);
            List<UriResource> parts = uriInfo.getUriResourceParts();
            UriResourcePrimitiveProperty part = (UriResourcePrimitiveProperty) parts.get(parts.size() - 1);
            EdmProperty edmProperty = part.getProperty();
            Optional<Object[]> row = readRow(target);
            int index = target.set().properties().indexOf(target.set().property(edmProperty.getName()).orElseThrow());
            Object value = row.map(r -> r[index]).orElse(null);
            if (value == null) {
                response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
                return;
            }
            Entity entity = mapping.toOData(target.set(), row.get());
            ContextURL context = ContextURL.with().entitySet(target.edmSet())
                    .keyPath(mapping.keyLiteral(target.set(), row.get()[target.set().keyIndex()]))
                    .navOrPropertyPath(edmProperty.getName()).build();
            response.setContent(odata.createSerializer(format).primitive(metadata, (EdmPrimitiveType) edmProperty.getType(),
                    entity.getProperty(edmProperty.getName()),
                    PrimitiveSerializerOptions.with().contextURL(context).facetsFrom(edmProperty).build()).getContent());
            response.setStatusCode(HttpStatusCode.OK.getStatusCode());
            response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
        });
    }

    @Override
    public void updatePrimitive(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType requestFormat,
                                ContentType responseFormat) throws ODataApplicationException {
        throw error(HttpStatusCode.NOT_IMPLEMENTED, "Update the property with PATCH on its entity");
    }

    @Override
    public void deletePrimitive(ODataRequest request, ODataResponse response, UriInfo uriInfo) throws ODataApplicationException {
        throw error(HttpStatusCode.NOT_IMPLEMENTED, "Set the property to null with PATCH on its entity");
    }

    // ---- writes --------------------------------------------------------------------------------------------

    @Override
    public void createEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType requestFormat,
                             ContentType responseFormat) throws ODataApplicationException, ODataLibraryException {
        guarded(() -> {
            Target target = target(uriInfo);
            if (target.source().navigation() != null) {
                throw error(HttpStatusCode.NOT_IMPLEMENTED,
                        "Create the entity in its entity set and bind it to its parent with @odata.bind");
            }
            DeserializerResult body = odata.createDeserializer(requestFormat, metadata)
                    .entity(request.getBody(), target.edmSet().getEntityType());
            Entity given = body.getEntity();
            rejectDeepInsert(given);
            Object entity = target.set().newInstance();
            mapping.apply(target.set(), given, entity, false);
            bind(target.set(), given, entity, request.getRawBaseUri());
            listener.before(new PendingChange(ChangeKind.CREATED, model.name(), target.set().name(), entity, CurrentCaller.require()));
            em.persist(entity);
            flush();
            changed(ChangeKind.CREATED, target.set(), entity);

            Entity created = mapping.toODataFromEntity(target.set(), entity);
            String location = request.getRawBaseUri() + "/" + created.getId();
            response.setHeader(HttpHeader.LOCATION, location);
            if (returnMinimal(request)) {
                response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
                response.setHeader(HttpHeader.ODATA_ENTITY_ID, location);
                response.setHeader(HttpHeader.PREFERENCE_APPLIED, "return=minimal");
                if (created.getETag() != null) {
                    response.setHeader(HttpHeader.ETAG, created.getETag());
                }
                return;
            }
            writeEntity(response, target, created, responseFormat, null, null, HttpStatusCode.CREATED);
        });
    }

    @Override
    public void updateEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType requestFormat,
                             ContentType responseFormat) throws ODataApplicationException, ODataLibraryException {
        guarded(() -> {
            Target target = target(uriInfo);
            if (target.key() == null) {
                throw error(HttpStatusCode.NOT_IMPLEMENTED, "Update the related entity through its own entity set");
            }
            Object entity = load(target);
            checkPreconditions(request, target.set(), entity);
            DeserializerResult body = odata.createDeserializer(requestFormat, metadata)
                    .entity(request.getBody(), target.edmSet().getEntityType());
            Entity given = body.getEntity();
            rejectDeepInsert(given);
            rejectKeyChange(target, given);
            boolean replace = request.getMethod() == org.apache.olingo.commons.api.http.HttpMethod.PUT;
            mapping.apply(target.set(), given, entity, replace);
            bind(target.set(), given, entity, request.getRawBaseUri());
            listener.before(new PendingChange(ChangeKind.UPDATED, model.name(), target.set().name(), entity, CurrentCaller.require()));
            flush();
            changed(ChangeKind.UPDATED, target.set(), entity);

            Entity updated = mapping.toODataFromEntity(target.set(), entity);
            if (returnMinimal(request)) {
                response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
                response.setHeader(HttpHeader.PREFERENCE_APPLIED, "return=minimal");
                if (updated.getETag() != null) {
                    response.setHeader(HttpHeader.ETAG, updated.getETag());
                }
                return;
            }
            writeEntity(response, target, updated, responseFormat, null, null, HttpStatusCode.OK);
        });
    }

    @Override
    public void deleteEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo)
            throws ODataApplicationException, ODataLibraryException {
        guarded(() -> {
            Target target = target(uriInfo);
            if (target.key() == null) {
                throw error(HttpStatusCode.NOT_IMPLEMENTED, "Delete the related entity through its own entity set");
            }
            Object entity = load(target);
            checkPreconditions(request, target.set(), entity);
            listener.before(new PendingChange(ChangeKind.DELETED, model.name(), target.set().name(), entity, CurrentCaller.require()));
            em.remove(entity);
            flush();
            changed(ChangeKind.DELETED, target.set(), entity);
            response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
        });
    }

    /**
     * Announces the flushed write, then flushes what its observers changed: anything that fails must fail
     * before the response is written, never at commit after the client was told "created".
     */
    private void changed(ChangeKind kind, EntitySetModel set, Object entity) throws ODataApplicationException {
        Caller caller = CurrentCaller.require();
        listener.after(new ChangeEvent(caller.tenant(), caller.user(), model.name(), set.name(),
                mapping.keyLiteral(set, set.key().read(entity)), kind, entity, Instant.now()));
        flush();
    }

    /** Binds single-valued navigations given as {@code "Customer@odata.bind": "BusinessPartners(3)"}. */
    private void bind(EntitySetModel set, Entity given, Object entity, String rawBaseUri) throws ODataApplicationException {
        for (Link link : given.getNavigationBindings()) {
            NavigationModel navigation = set.navigation(link.getTitle())
                    .orElseThrow(() -> error(HttpStatusCode.BAD_REQUEST, "Unknown navigation property " + link.getTitle()));
            if (navigation.collection() || link.getBindingLink() == null) {
                throw error(HttpStatusCode.NOT_IMPLEMENTED,
                        "Binding the collection " + navigation.name() + " is not supported; bind each member to this entity instead");
            }
            UriResourceEntitySet reference;
            try {
                reference = odata.createUriHelper().parseEntityId(metadata.getEdm(), link.getBindingLink(), rawBaseUri);
            } catch (ODataLibraryException e) {
                throw error(HttpStatusCode.BAD_REQUEST, "Invalid entity reference " + link.getBindingLink() + " for " + navigation.name());
            }
            EntitySetModel targetSet = entitySet(reference.getEntitySet());
            if (!navigation.targetType().isAssignableFrom(targetSet.javaType())) {
                throw error(HttpStatusCode.BAD_REQUEST, navigation.name() + " must refer to "
                        + model.entitySetOf(navigation.targetType()).orElseThrow().name());
            }
            Object key = key(targetSet, reference.getKeyPredicates());
            // The referenced entity must be visible to the caller: another tenant's entity does not exist here.
            Object related = queries.byKey(targetSet, key).orElseThrow(() -> error(HttpStatusCode.BAD_REQUEST,
                    navigation.name() + " refers to " + targetSet.name() + "(" + mapping.keyLiteral(targetSet, key) + "), which does not exist"));
            navigation.write(entity, related);
        }
    }

    private void rejectDeepInsert(Entity given) throws ODataApplicationException {
        if (given.getNavigationLinks().stream().anyMatch(l -> l.getInlineEntity() != null || l.getInlineEntitySet() != null)) {
            throw error(HttpStatusCode.NOT_IMPLEMENTED, "Deep insert is not supported yet; create related entities one by one");
        }
    }

    private void rejectKeyChange(Target target, Entity given) throws ODataApplicationException {
        var keyProperty = given.getProperty(target.set().key().name());
        if (keyProperty != null && keyProperty.getValue() != null) {
            Object givenKey = Values.convert(keyProperty.getValue(), target.set().key().javaType());
            if (!givenKey.equals(target.key())) {
                throw error(HttpStatusCode.BAD_REQUEST, "The key " + target.set().key().name() + " cannot be changed");
            }
        }
    }

    private void checkPreconditions(ODataRequest request, EntitySetModel set, Object entity) throws ODataApplicationException {
        Optional<Long> version = set.version(entity);
        if (version.isEmpty()) {
            return;
        }
        try {
            odata.createETagHelper().checkChangePreconditions(EntityMapping.etag(version.get()),
                    request.getHeaders(HttpHeader.IF_MATCH), request.getHeaders(HttpHeader.IF_NONE_MATCH));
        } catch (PreconditionException e) {
            throw error(HttpStatusCode.PRECONDITION_FAILED,
                    "The entity was changed by someone else (its ETag is now " + EntityMapping.etag(version.get()) + ")");
        }
    }

    private static boolean returnMinimal(ODataRequest request) {
        String prefer = String.join(",", Optional.ofNullable(request.getHeaders(HttpHeader.PREFER)).orElse(List.of()));
        return prefer.toLowerCase(Locale.ROOT).contains("return=minimal");
    }

    /** Sends pending SQL now, so that constraint violations become the client's error, not a failed commit. */
    private void flush() throws ODataApplicationException {
        try {
            em.flush();
        } catch (ConstraintViolationException e) {
            throw error(HttpStatusCode.BAD_REQUEST, e.getConstraintViolations().stream()
                    .map(this::describe).sorted().collect(Collectors.joining("; ")));
        } catch (OptimisticLockException e) {
            throw error(HttpStatusCode.PRECONDITION_FAILED, "The entity was changed by someone else meanwhile");
        } catch (PersistenceException e) {
            throw persistenceError(e);
        }
    }

    private String describe(ConstraintViolation<?> violation) {
        String attribute = violation.getPropertyPath().toString();
        String name = model.entitySetOf(violation.getRootBeanClass())
                .flatMap(set -> set.properties().stream().filter(p -> p.attribute().equals(attribute)).findFirst())
                .map(p -> p.name()).orElse(attribute);
        return name + " " + violation.getMessage();
    }

    private ODataApplicationException persistenceError(PersistenceException e) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof org.hibernate.exception.ConstraintViolationException constraint) {
                // SQLSTATE class 23: 23502 not null, 23503 foreign key (H2: 23506 for a missing parent), 23505 unique.
                String state = String.valueOf(constraint.getSQLState());
                if (state.equals("23502")) {
                    return error(HttpStatusCode.BAD_REQUEST, "A required value is missing");
                }
                if (state.equals("23503") || state.equals("23506")) {
                    return error(HttpStatusCode.CONFLICT, "The entity is still referenced by other entities, or refers to one that does not exist");
                }
                return error(HttpStatusCode.CONFLICT, "The change conflicts with existing data (a unique value is already taken)");
            }
            if (cause instanceof org.hibernate.exception.DataException) {
                return error(HttpStatusCode.BAD_REQUEST, "A value does not fit its property (too long or out of range)");
            }
            cause = cause.getCause();
        }
        return error(HttpStatusCode.INTERNAL_SERVER_ERROR, "The change could not be stored");
    }

    // ---- $expand -------------------------------------------------------------------------------------------

    /**
     * Loads the expanded navigations of a whole page at once: one query per navigation and level, however many
     * entities the page holds. Nested $filter, $orderby, $skip and $top run in the database ($skip/$top per parent
     * through a window function).
     */
    private void expand(EntitySetModel set, List<Object[]> rows, List<Entity> entities, ExpandOption expand)
            throws ODataApplicationException {
        if (expand == null || rows.isEmpty()) {
            return;
        }
        int keyIndex = set.keyIndex();
        List<Object> keys = rows.stream().map(row -> row[keyIndex]).toList();
        for (ExpandItem item : expand.getExpandItems()) {
            if (item.getLevelsOption() != null || item.getSearchOption() != null || item.getApplyOption() != null) {
                throw error(HttpStatusCode.NOT_IMPLEMENTED, "$levels, $search and $apply inside $expand are not supported");
            }
            List<NavigationModel> navigations;
            if (item.isStar()) {
                navigations = set.navigations();
            } else {
                List<UriResource> path = item.getResourcePath().getUriResourceParts();
                if (path.size() != 1 || !(path.get(0) instanceof UriResourceNavigation step)) {
                    throw error(HttpStatusCode.NOT_IMPLEMENTED, "Only navigation properties can be expanded");
                }
                navigations = List.of(set.navigation(step.getProperty().getName()).orElseThrow());
            }
            for (NavigationModel navigation : navigations) {
                expandOne(set, rows, entities, keys, navigation, item);
            }
        }
    }

    private void expandOne(EntitySetModel set, List<Object[]> rows, List<Entity> entities, List<Object> keys,
                           NavigationModel navigation, ExpandItem item) throws ODataApplicationException {
        EntitySetModel targetSet = model.entitySetOf(navigation.targetType()).orElseThrow();
        Expression filter = item.isStar() ? null : filter(item.getFilterOption());
        int skip = item.isStar() ? 0 : value(item.getSkipOption());
        TopOption topOption = item.isStar() ? null : item.getTopOption();
        Map<Object, List<Object[]>> related = queries.related(set, navigation, keys, filter,
                item.isStar() ? null : item.getOrderByOption(), skip, topOption == null ? null : topOption.getValue());
        CountOption countOption = item.isStar() ? null : item.getCountOption();
        Map<Object, Long> counts = countOption != null && countOption.getValue()
                ? queries.relatedCounts(set, navigation, keys, filter) : Map.of();

        List<Object[]> childRows = new ArrayList<>();
        List<Entity> childEntities = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<Object[]> targets = related.getOrDefault(keys.get(i), List.of());
            List<Entity> children = toOData(targetSet, targets);
            childRows.addAll(targets);
            childEntities.addAll(children);

            Link link = new Link();
            link.setTitle(navigation.name());
            if (navigation.collection()) {
                EntityCollection inline = new EntityCollection();
                inline.getEntities().addAll(children);
                if (countOption != null && countOption.getValue()) {
                    inline.setCount(counts.getOrDefault(keys.get(i), 0L).intValue());
                }
                link.setInlineEntitySet(inline);
            } else {
                link.setInlineEntity(children.isEmpty() ? null : children.get(0));
            }
            entities.get(i).getNavigationLinks().add(link);
        }
        if (!item.isStar()) {
            expand(targetSet, childRows, childEntities, item.getExpandOption());
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** A page already in memory, handed to Olingo's streaming serializer. */
    private static final class PageOfEntities extends EntityIterator {
        private final Iterator<Entity> entities;

        PageOfEntities(List<Entity> entities) {
            this.entities = entities.iterator();
        }

        @Override
        public boolean hasNext() {
            return entities.hasNext();
        }

        @Override
        public Entity next() {
            return entities.next();
        }
    }

    private List<Entity> toOData(EntitySetModel set, List<Object[]> rows) {
        List<Entity> result = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            result.add(mapping.toOData(set, row));
        }
        return result;
    }

    private void writeEntity(ODataResponse response, Target target, Entity entity, ContentType format,
                             ExpandOption expand, UriInfo uriInfo, HttpStatusCode status) throws ODataLibraryException {
        ContextURL context = ContextURL.with()
                .entitySet(target.edmSet())
                .selectList(uriInfo == null ? null : odata.createUriHelper().buildContextURLSelectList(
                        target.edmSet().getEntityType(), expand, uriInfo.getSelectOption()))
                .suffix(ContextURL.Suffix.ENTITY)
                .build();
        EntitySerializerOptions options = EntitySerializerOptions.with()
                .contextURL(context)
                .expand(expand)
                .select(uriInfo == null ? null : uriInfo.getSelectOption())
                .build();
        response.setContent(odata.createSerializer(format).entity(metadata, target.edmSet().getEntityType(), entity, options).getContent());
        response.setStatusCode(status.getStatusCode());
        response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
        if (entity.getETag() != null) {
            response.setHeader(HttpHeader.ETAG, entity.getETag());
        }
    }

    private static void rejectUnsupported(UriInfo uriInfo) throws ODataApplicationException {
        if (uriInfo.getSearchOption() != null) {
            throw error(HttpStatusCode.NOT_IMPLEMENTED, "$search is not supported yet");
        }
        if (uriInfo.getApplyOption() != null) {
            throw error(HttpStatusCode.NOT_IMPLEMENTED, "$apply is not supported yet");
        }
        if (uriInfo.getDeltaTokenOption() != null) {
            throw error(HttpStatusCode.NOT_IMPLEMENTED, "Delta links are not supported yet");
        }
    }

    private static Expression filter(FilterOption option) {
        return option == null ? null : option.getExpression();
    }

    private static int value(SkipOption option) {
        return option == null ? 0 : option.getValue();
    }

    private static int skipToken(UriInfo uriInfo) throws ODataApplicationException {
        if (uriInfo.getSkipTokenOption() == null) {
            return 0;
        }
        try {
            int value = Integer.parseInt(uriInfo.getSkipTokenOption().getValue());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw error(HttpStatusCode.BAD_REQUEST, "Invalid $skiptoken; follow the @odata.nextLink as given");
        }
    }

    /** The request's own URL with {@code $skiptoken} set to the rows delivered so far. */
    private static URI nextLink(ODataRequest request, int delivered) {
        String query = request.getRawQueryPath();
        List<String> parameters = new ArrayList<>();
        if (query != null && !query.isEmpty()) {
            for (String parameter : query.split("&")) {
                if (!parameter.startsWith("$skiptoken=") && !parameter.startsWith("%24skiptoken=") && !parameter.isEmpty()) {
                    parameters.add(parameter);
                }
            }
        }
        parameters.add("$skiptoken=" + URLEncoder.encode(Integer.toString(delivered), StandardCharsets.UTF_8));
        return URI.create(request.getRawBaseUri() + request.getRawODataPath() + "?" + String.join("&", parameters));
    }

    private interface Work {
        void run() throws ODataApplicationException, ODataLibraryException;
    }

    /** Every failure leaves as an OData error with a meaningful status, never as a stack trace. */
    private static void guarded(Work work) throws ODataApplicationException, ODataLibraryException {
        try {
            work.run();
        } catch (QueryException e) {
            throw error(HttpStatusCode.fromStatusCode(e.status()), e.getMessage());
        } catch (Values.InvalidValueException e) {
            throw error(HttpStatusCode.BAD_REQUEST, e.getMessage());
        } catch (BusinessRuleViolation e) {
            ODataApplicationException error = new ODataApplicationException(e.getMessage(),
                    HttpStatusCode.BAD_REQUEST.getStatusCode(), Locale.ENGLISH, e.code());
            throw error;
        } catch (IllegalArgumentException e) {
            // Hibernate's semantic checks of a query built from the client's $filter/$orderby.
            LOG.debug("Query rejected by Hibernate", e);
            throw error(HttpStatusCode.BAD_REQUEST, "The query cannot be evaluated: check the types of the compared values");
        } catch (RuntimeException e) {
            if (isDataException(e)) {
                // SQLSTATE class 22 (division by zero, numeric overflow, invalid cast): the client's expression
                // cannot be evaluated on the data it meets.
                throw error(HttpStatusCode.BAD_REQUEST,
                        "The query cannot be evaluated on this data (for example a division by zero or a value out of range)");
            }
            // A defect or an unavailable database, not the client's fault: log it, tell the client without internals.
            LOG.error("OData request failed", e);
            throw error(HttpStatusCode.INTERNAL_SERVER_ERROR, "The request could not be processed; the server log has the details");
        }
    }

    private static boolean isDataException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    private static ODataApplicationException notFound(String set, Object key) {
        return error(HttpStatusCode.NOT_FOUND, "No entity " + set + "(" + key + ")");
    }

    static ODataApplicationException error(HttpStatusCode status, String message) {
        return new ODataApplicationException(message, status.getStatusCode(), Locale.ENGLISH);
    }
}
