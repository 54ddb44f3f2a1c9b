package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.ServerDrivenPaging.Page;
import de.deutschlandstack.core.odata.TargetResolution.Target;
import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
import de.deutschlandstack.core.odata.query.EntityQueries;
import jakarta.persistence.EntityManager;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.prefer.Preferences;
import org.apache.olingo.server.api.processor.CountEntityCollectionProcessor;
import org.apache.olingo.server.api.processor.EntityProcessor;
import org.apache.olingo.server.api.processor.ReferenceCollectionProcessor;
import org.apache.olingo.server.api.processor.ReferenceProcessor;
import org.apache.olingo.server.api.processor.PrimitiveProcessor;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one Olingo processor behind every entity set of every service, a façade: it reads the request and delegates
 * each responsibility to its own class — {@link TargetResolution} (what the URL addresses),
 * {@link ServerDrivenPaging}, {@link EntityQueries} (reads as HQL), {@link ExpandLoader}, {@link EntityWriter}
 * (writes through JPA), {@link PropertyAccess} (one property), {@link References} ({@code $ref}),
 * {@link ComputedProperties} ({@code $compute}), {@link ChangeTracking} (delta links), {@link AggregateResponse}
 * ({@code $apply}), {@link ResponseWriter} and {@link ErrorMapping}; bound functions go to {@link OperationProcessor}.
 * Nothing here is specific to an entity; a new business object needs no code in this class.
 */
final class JpaEntityProcessor implements EntityProcessor, CountEntityCollectionProcessor, PrimitiveProcessor,
        org.apache.olingo.server.api.processor.PrimitiveValueProcessor, ReferenceProcessor, ReferenceCollectionProcessor {

    private final ServiceModel model;
    private final EntityManager em;
    private final WriteHooks hooks;
    private final ServerDrivenPaging paging;
    private final ExpandLoader.Limits expandLimits;
    private final OperationProcessor operations;
    private final int maxNestedEntities;
    private OData odata;
    private ServiceMetadata metadata;
    private EntityMapping mapping;
    private EntityQueries queries;
    private TargetResolution targets;
    private EntityWriter writer;
    private ResponseWriter responses;
    private References references;
    private PropertyAccess properties;

    JpaEntityProcessor(ODataService service, EntityManager em, WriteHooks hooks, int maxNestedEntities, ServerDrivenPaging paging,
                       ExpandLoader.Limits expandLimits, OperationProcessor operations) {
        this.operations = operations;
        this.maxNestedEntities = maxNestedEntities;
        this.model = service.model();
        this.em = em;
        this.hooks = hooks;
        this.paging = paging;
        this.expandLimits = expandLimits;
    }

    @Override
    public void init(OData odata, ServiceMetadata metadata) {
        // Bound functions are read through this processor; Olingo initialises only the processor it dispatches to.
        operations.init(odata, metadata);
        this.odata = odata;
        this.metadata = metadata;
        this.mapping = new EntityMapping(odata, model.namespace());
        this.queries = new EntityQueries(em, model);
        this.targets = new TargetResolution(model, queries, mapping);
        this.writer = new EntityWriter(odata, metadata, model, em, queries, maxNestedEntities, mapping, targets, hooks);
        this.responses = new ResponseWriter(odata, metadata, expand -> ExpandLoader.unrolled(expand, expandLimits.maxDepth()));
        this.references = new References(odata, metadata, queries, mapping, targets, writer, paging);
        this.properties = new PropertyAccess(odata, metadata, mapping, targets, writer);
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    @Override
    public void readEntityCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
            throws ODataApplicationException, ODataLibraryException {
        queries.parameterAliases(uriInfo.getAliases());
        if (OperationInvocation.isOperation(uriInfo)) {
            operations.processFunction(request, response, uriInfo, format);
            return;
        }
        ErrorMapping.run(() -> {
            rejectUnsupported(uriInfo);
            Target target = targets.resolve(uriInfo);
            ExpandLoader expander = new ExpandLoader(model, queries, mapping, expandLimits, request.getRawBaseUri());
            expander.check(uriInfo.getExpandOption());
            Expression filter = uriInfo.getFilterOption() == null ? null : uriInfo.getFilterOption().getExpression();
            Preferences preferences = odata.createPreferences(request.getHeaders(HttpHeader.PREFER));
            List<ComputedProperties.Column> computed = ComputedProperties.of(uriInfo, target.edmSet().getEntityType(),
                    metadata.getEdm(), odata, expressions -> queries.valueTypes(target.set(), expressions));
            if (uriInfo.getApplyOption() != null) {
                if (!computed.isEmpty()) {
                    throw ErrorMapping.error(HttpStatusCode.NOT_IMPLEMENTED, "With $apply, compute values inside it: $apply=compute(... as Name)");
                }
                aggregate(request, response, uriInfo, format, target, filter, preferences);
                return;
            }
            ChangeTracking tracking = new ChangeTracking(odata, metadata, em, queries, mapping);
            if (uriInfo.getDeltaTokenOption() != null) {
                tracking.respond(request, response, uriInfo, format, target, paging.pageSize(preferences));
                return;
            }
            Page page = paging.page(uriInfo, preferences);
            EntityQueries.Source source = searched(target, uriInfo);
            // Tracking changes: the log's position before the first page is read is where the delta link starts.
            Long trackedFrom = page.trackedFrom() != null ? page.trackedFrom()
                    : ChangeTracking.applies(preferences, uriInfo, target) ? tracking.position(target.set()) : null;
            List<String> applied = new ArrayList<>();
            if (trackedFrom != null && page.trackedFrom() == null) {
                applied.add("odata.track-changes");
            }

            // One row more than the page tells whether another page follows, without a second query.
            List<Object> after = page.afterKey() == null ? null
                    : queries.sortValuesOf(source, uriInfo.getOrderByOption(), page.afterKey()).orElse(null);
            // The row the page follows is gone (deleted meanwhile): continue by position instead.
            long offset = page.afterKey() != null && after == null ? page.fallbackOffset() : page.offset();
            List<Object[]> rows = page.size() == 0 || offset > Integer.MAX_VALUE ? List.of()
                    : queries.rows(source, filter, uriInfo.getOrderByOption(), after, (int) offset, page.size() + 1,
                    computed.stream().map(ComputedProperties.Column::expression).toList());
            boolean overflow = rows.size() > page.size();
            if (overflow) {
                rows = rows.subList(0, page.size());
            }
            URI next = null;
            if (overflow && page.continuesAfter(page.size())) {
                next = ServerDrivenPaging.nextLink(request, page.delivered() + page.size(),
                        List.of(rows.get(rows.size() - 1)[target.set().keyIndex()]), trackedFrom);
                if (preferences.getMaxPageSize() != null) {
                    applied.add("odata.maxpagesize=" + paging.pageSize(preferences));
                }
            }
            if (!applied.isEmpty()) {
                response.setHeader(HttpHeader.PREFERENCE_APPLIED, String.join(",", applied));
            }
            List<Entity> entities = toOData(target.set(), rows);
            mapping.addComplexValues(target.set(), rows, entities, uriInfo.getSelectOption(), queries);
            for (int i = 0; i < rows.size(); i++) {
                ComputedProperties.addTo(entities.get(i), computed, rows.get(i), rows.get(i).length - computed.size());
            }
            Integer count = uriInfo.getCountOption() != null && uriInfo.getCountOption().getValue()
                    ? (int) Math.min(Integer.MAX_VALUE, queries.count(source, filter)) : null;
            expander.expand(target.set(), rows, entities, uriInfo.getExpandOption());
            URI delta = next == null && trackedFrom != null ? ChangeTracking.deltaLink(request, trackedFrom) : null;
            var type = ComputedProperties.withComputed(target.edmSet().getEntityType(), computed, odata);
            responses.collection(request, response, uriInfo, format, target, type,
                    ComputedProperties.select(uriInfo, computed, type), entities, count, next, delta);
        });
    }

    @Override
    public void countEntityCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo)
            throws ODataApplicationException, ODataLibraryException {
        queries.parameterAliases(uriInfo.getAliases());
        ErrorMapping.run(() -> {
            rejectUnsupported(uriInfo);
            Target target = targets.resolve(uriInfo);
            Expression filter = uriInfo.getFilterOption() == null ? null : uriInfo.getFilterOption().getExpression();
            long count = queries.count(searched(target, uriInfo), filter);
            response.setContent(odata.createFixedFormatSerializer().count((int) Math.min(Integer.MAX_VALUE, count)));
            response.setStatusCode(HttpStatusCode.OK.getStatusCode());
            response.setHeader(HttpHeader.CONTENT_TYPE, ContentType.TEXT_PLAIN.toContentTypeString());
        });
    }

    @Override
    public void readEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
            throws ODataApplicationException, ODataLibraryException {
        queries.parameterAliases(uriInfo.getAliases());
        if (OperationInvocation.isOperation(uriInfo)) {
            operations.processFunction(request, response, uriInfo, format);
            return;
        }
        ErrorMapping.run(() -> {
            rejectUnsupported(uriInfo);
            Target target = targets.resolve(uriInfo);
            ExpandLoader expander = new ExpandLoader(model, queries, mapping, expandLimits, request.getRawBaseUri());
            expander.check(uriInfo.getExpandOption());
            if (!ComputedProperties.of(uriInfo, target.edmSet().getEntityType(), metadata.getEdm(), odata,
                    expressions -> queries.valueTypes(target.set(), expressions)).isEmpty()) {
                throw ErrorMapping.error(HttpStatusCode.NOT_IMPLEMENTED, "$compute is supported on collections; filter the collection by key");
            }
            Optional<Object[]> found = targets.readRow(target);
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
            mapping.addComplexValues(target.set(), rows, List.of(entity), uriInfo.getSelectOption(), queries);
            expander.expand(target.set(), rows, List.of(entity), uriInfo.getExpandOption());
            responses.entity(response, target, entity, format, uriInfo, HttpStatusCode.OK);
        });
    }

    // ---- one property: see PropertyAccess -------------------------------------------------------------------

    /** One property of one entity: {@code SalesOrders(7)/OrderNumber}. */
    @Override
    public void readPrimitive(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
            throws ODataApplicationException, ODataLibraryException {
        if (OperationInvocation.isOperation(uriInfo)) {
            operations.processFunction(request, response, uriInfo, format);
            return;
        }
        ErrorMapping.run(() -> properties.read(response, uriInfo, format));
    }

    @Override
    public void updatePrimitive(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType requestFormat,
                                ContentType responseFormat) throws ODataApplicationException, ODataLibraryException {
        ErrorMapping.run(() -> {
            properties.update(request, uriInfo, requestFormat);
            properties.read(response, uriInfo, responseFormat);
        });
    }

    @Override
    public void deletePrimitive(ODataRequest request, ODataResponse response, UriInfo uriInfo) throws ODataApplicationException {
        try {
            ErrorMapping.run(() -> {
                properties.clear(request, uriInfo);
                response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
            });
        } catch (ODataLibraryException e) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, e.getMessage());
        }
    }

    @Override
    public void readPrimitiveValue(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
            throws ODataApplicationException, ODataLibraryException {
        ErrorMapping.run(() -> properties.readValue(response, uriInfo));
    }

    @Override
    public void updatePrimitiveValue(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType requestFormat,
                                     ContentType responseFormat) throws ODataApplicationException {
        throw ErrorMapping.error(HttpStatusCode.NOT_IMPLEMENTED, "Change the property with PUT on it, in JSON: {\"value\": ...}");
    }

    @Override
    public void deletePrimitiveValue(ODataRequest request, ODataResponse response, UriInfo uriInfo) throws ODataApplicationException {
        deletePrimitive(request, response, uriInfo);
    }

    // ---- writes --------------------------------------------------------------------------------------------

    @Override
    public void createEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType requestFormat,
                             ContentType responseFormat) throws ODataApplicationException, ODataLibraryException {
        ErrorMapping.run(() -> {
            Target target = targets.resolve(uriInfo);
            Entity given = body(request, requestFormat, target);
            Object stored = writer.create(target, given, request.getRawBaseUri());
            Entity created = mapping.toODataFromEntity(target.set(), stored);
            String location = request.getRawBaseUri() + "/" + created.getId();
            response.setHeader(HttpHeader.LOCATION, location);
            if (returnMinimal(request)) {
                response.setHeader(HttpHeader.ODATA_ENTITY_ID, location);
                minimal(response, created);
                return;
            }
            // A deep insert answers with what it created nested, as stored (computed values included).
            UriInfo nested = nestedExpand(request, target, given);
            if (nested != null) {
                new ExpandLoader(model, queries, mapping, expandLimits, request.getRawBaseUri())
                        .expand(target.set(), List.<Object[]>of(target.set().row(stored)), List.of(created), nested.getExpandOption());
            }
            responses.entity(response, target, created, responseFormat, nested, HttpStatusCode.CREATED);
        });
    }

    @Override
    public void updateEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType requestFormat,
                             ContentType responseFormat) throws ODataApplicationException, ODataLibraryException {
        ErrorMapping.run(() -> {
            Target target = targets.resolve(uriInfo);
            Entity given = body(request, requestFormat, target);
            Object entity = writer.update(target, given, request.getHeaders(HttpHeader.IF_MATCH),
                    request.getHeaders(HttpHeader.IF_NONE_MATCH), request.getMethod() == HttpMethod.PUT, request.getRawBaseUri());
            Entity updated = mapping.toODataFromEntity(target.set(), entity);
            if (returnMinimal(request)) {
                minimal(response, updated);
                return;
            }
            responses.entity(response, target, updated, responseFormat, null, HttpStatusCode.OK);
        });
    }

    @Override
    public void deleteEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo)
            throws ODataApplicationException, ODataLibraryException {
        ErrorMapping.run(() -> {
            Target target = targets.resolve(uriInfo);
            writer.delete(target, request.getHeaders(HttpHeader.IF_MATCH), request.getHeaders(HttpHeader.IF_NONE_MATCH));
            response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
        });
    }

    // ---- references ($ref): see References -------------------------------------------------------------------

    @Override
    public void readReference(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
            throws ODataApplicationException, ODataLibraryException {
        ErrorMapping.run(() -> references.readOne(request, response, uriInfo, format));
    }

    @Override
    public void readReferenceCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
            throws ODataApplicationException, ODataLibraryException {
        queries.parameterAliases(uriInfo.getAliases());
        ErrorMapping.run(() -> references.readMany(request, response, uriInfo, format));
    }

    @Override
    public void createReference(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType requestFormat)
            throws ODataApplicationException, ODataLibraryException {
        ErrorMapping.run(() -> {
            references.add(request, uriInfo, requestFormat);
            response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
        });
    }

    @Override
    public void updateReference(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType requestFormat)
            throws ODataApplicationException, ODataLibraryException {
        ErrorMapping.run(() -> {
            references.set(request, uriInfo, requestFormat);
            response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
        });
    }

    @Override
    public void deleteReference(ODataRequest request, ODataResponse response, UriInfo uriInfo)
            throws ODataApplicationException, ODataLibraryException {
        ErrorMapping.run(() -> {
            references.remove(request, uriInfo);
            response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
        });
    }

    /**
     * {@code $apply}: one aggregating statement ({@link de.deutschlandstack.core.odata.query.Aggregation}), a page of
     * groups at a time; the next page's {@code $skiptoken} is the number of groups delivered.
     */
    private void aggregate(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format, Target target,
                           Expression filter, Preferences preferences) throws ODataApplicationException {
        if (target.isNavigation() || uriInfo.getExpandOption() != null || uriInfo.getSelectOption() != null
                || uriInfo.getCountOption() != null && uriInfo.getCountOption().getValue()) {
            throw ErrorMapping.error(HttpStatusCode.NOT_IMPLEMENTED,
                    "$apply is supported on an entity set, with $filter, $orderby, $top and $skip");
        }
        long delivered = ServerDrivenPaging.deliveredCount(uriInfo);
        long skip = uriInfo.getSkipOption() == null ? 0 : uriInfo.getSkipOption().getValue();
        Integer top = uriInfo.getTopOption() == null ? null : uriInfo.getTopOption().getValue();
        int pageSize = paging.pageSize(preferences);
        int size = top == null ? pageSize : (int) Math.max(0, Math.min(pageSize, top - delivered));
        de.deutschlandstack.core.odata.query.Aggregation.Result result = queries.aggregate(target.set(), uriInfo.getApplyOption(),
                filter, uriInfo.getOrderByOption(), skip + delivered, size + 1);
        URI next = null;
        if (result.rows().size() > size) {
            result = new de.deutschlandstack.core.odata.query.Aggregation.Result(result.columns(), result.rows().subList(0, size));
            next = ServerDrivenPaging.nextLink(request, Long.toString(delivered + size));
        }
        AggregateResponse.write(response, target, result, next, format);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** The target's collection, narrowed by {@code $search} when the request has one. */
    private static EntityQueries.Source searched(Target target, UriInfo uriInfo) {
        return uriInfo.getSearchOption() == null ? target.source()
                : target.source().searching(uriInfo.getSearchOption().getSearchExpression());
    }

    /** {@code $expand} of the entities nested in a body ({@code Items($expand=...)}), parsed as a URL would be; or null. */
    private UriInfo nestedExpand(ODataRequest request, Target target, Entity given) throws ODataLibraryException {
        String expand = expandOf(given);
        if (expand.isEmpty()) {
            return null;
        }
        return new org.apache.olingo.server.core.uri.parser.Parser(metadata.getEdm(), odata)
                .parseUri(target.set().name(), "$expand=" + expand, null, request.getRawBaseUri());
    }

    private static String expandOf(Entity given) {
        List<String> items = new ArrayList<>();
        for (org.apache.olingo.commons.api.data.Link link : given.getNavigationLinks()) {
            List<Entity> inline = link.getInlineEntity() != null ? List.of(link.getInlineEntity())
                    : link.getInlineEntitySet() != null ? link.getInlineEntitySet().getEntities() : List.of();
            if (inline.isEmpty() && link.getInlineEntitySet() == null) {
                continue;
            }
            String nested = inline.stream().map(JpaEntityProcessor::expandOf).filter(e -> !e.isEmpty()).findFirst().orElse("");
            items.add(link.getTitle() + (nested.isEmpty() ? "" : "($expand=" + nested + ")"));
        }
        return String.join(",", items);
    }

    /** The request's entity, its type annotations checked first (Olingo's deserializer ignores them). */
    private Entity body(ODataRequest request, ContentType format, Target target) throws ODataApplicationException, ODataLibraryException {
        byte[] bytes;
        try {
            bytes = request.getBody().readAllBytes();
        } catch (java.io.IOException e) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "The body cannot be read");
        }
        TypeAnnotations.check(bytes, target.edmSet().getEntityType());
        bytes = TypeAnnotations.withoutOrphanAnnotations(bytes);
        return odata.createDeserializer(format, metadata).entity(new java.io.ByteArrayInputStream(bytes),
                target.edmSet().getEntityType()).getEntity();
    }

    private boolean returnMinimal(ODataRequest request) {
        return odata.createPreferences(request.getHeaders(HttpHeader.PREFER)).getReturn() == Preferences.Return.MINIMAL;
    }

    private static void minimal(ODataResponse response, Entity entity) {
        response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
        response.setHeader(HttpHeader.PREFERENCE_APPLIED, "return=minimal");
        if (entity.getETag() != null) {
            response.setHeader(HttpHeader.ETAG, entity.getETag());
        }
    }

    private List<Entity> toOData(EntitySetModel set, List<Object[]> rows) {
        List<Entity> result = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            result.add(mapping.toOData(set, row));
        }
        return result;
    }

    private static void rejectUnsupported(UriInfo uriInfo) throws ODataApplicationException {
        if (uriInfo.getSelectOption() != null && uriInfo.getSelectOption().getSelectItems().stream()
                .anyMatch(item -> item.isAllOperationsInSchema() || item.getResourcePath() == null && !item.isStar())) {
            throw ErrorMapping.error(HttpStatusCode.NOT_IMPLEMENTED, "The service has no operations to select");
        }
    }
}
