package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.TargetResolution.Target;
import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.NavigationModel;
import de.deutschlandstack.core.odata.query.EntityQueries;
import de.deutschlandstack.core.odata.query.EntityQueries.Source;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.EntityCollection;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.serializer.ReferenceCollectionSerializerOptions;
import org.apache.olingo.server.api.serializer.ReferenceSerializerOptions;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriResourceEntitySet;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;

import java.net.URI;
import java.util.List;

/**
 * Entity references ({@code $ref}): read the references a navigation holds, set or clear a single-valued one
 * ({@code PUT}/{@code DELETE SalesOrders(7)/Customer/$ref}), add a member to a collection or remove one
 * ({@code POST BusinessPartners('C-1')/SalesOrders/$ref}, {@code DELETE .../SalesOrders(7)/$ref}).
 *
 * <p>Every write changes the entity that holds the foreign key — the parent for a single-valued navigation, the
 * member for a collection, through the collection's partner — with {@link EntityWriter#relink}: the same tenant
 * checks, business rules and change events as a PATCH with {@code @odata.bind}. A member that is part of its parent
 * (an item of its order) may move to another parent, as with a PATCH, but never be left without one: it is deleted
 * instead.
 */
final class References {

    private final OData odata;
    private final ServiceMetadata metadata;
    private final EntityQueries queries;
    private final EntityMapping mapping;
    private final TargetResolution targets;
    private final EntityWriter writer;
    private final ServerDrivenPaging paging;

    References(OData odata, ServiceMetadata metadata, EntityQueries queries, EntityMapping mapping, TargetResolution targets,
               EntityWriter writer, ServerDrivenPaging paging) {
        this.odata = odata;
        this.metadata = metadata;
        this.queries = queries;
        this.mapping = mapping;
        this.targets = targets;
        this.writer = writer;
        this.paging = paging;
    }

    /** {@code GET SalesOrders(7)/Customer/$ref} or {@code .../Items(3)/$ref}: one reference, or 204 for none. */
    void readOne(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
            throws ODataApplicationException, ODataLibraryException {
        Target target = targets.resolve(uriInfo);
        var row = targets.readRow(target);
        if (row.isEmpty()) {
            response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
            return;
        }
        Entity entity = mapping.toOData(target.set(), row.get());
        ReferenceSerializerOptions options = ReferenceSerializerOptions.with()
                .contextURL(ContextURL.with().suffix(ContextURL.Suffix.REFERENCE).build()).build();
        response.setContent(odata.createSerializer(format).reference(metadata, target.edmSet(), absolute(request, entity), options)
                .getContent());
        response.setStatusCode(HttpStatusCode.OK.getStatusCode());
        response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
    }

    /**
     * {@code GET BusinessPartners('C-1')/SalesOrders/$ref}: a page of references, with {@code $filter},
     * {@code $orderby}, {@code $top}, {@code $skip} and {@code $count} as for the entities themselves.
     */
    void readMany(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
            throws ODataApplicationException, ODataLibraryException {
        Target target = targets.resolve(uriInfo);
        Expression filter = uriInfo.getFilterOption() == null ? null : uriInfo.getFilterOption().getExpression();
        long delivered = ServerDrivenPaging.deliveredCount(uriInfo);
        long skip = uriInfo.getSkipOption() == null ? 0 : uriInfo.getSkipOption().getValue();
        Integer top = uriInfo.getTopOption() == null ? null : uriInfo.getTopOption().getValue();
        int pageSize = paging.pageSize(odata.createPreferences(request.getHeaders(HttpHeader.PREFER)));
        int size = top == null ? pageSize : (int) Math.max(0, Math.min(pageSize, top - delivered));
        long offset = skip + delivered;
        List<Object[]> rows = size == 0 || offset > Integer.MAX_VALUE ? List.of()
                : queries.rows(target.source(), filter, uriInfo.getOrderByOption(), (int) offset, size + 1);
        EntityCollection references = new EntityCollection();
        for (Object[] row : rows.subList(0, Math.min(rows.size(), size))) {
            references.getEntities().add(absolute(request, mapping.toOData(target.set(), row)));
        }
        if (rows.size() > size) {
            references.setNext(ServerDrivenPaging.nextLink(request, Long.toString(delivered + size)));
        }
        boolean counted = uriInfo.getCountOption() != null && uriInfo.getCountOption().getValue();
        if (counted) {
            references.setCount((int) Math.min(Integer.MAX_VALUE, queries.count(target.source(), filter)));
        }
        ReferenceCollectionSerializerOptions options = ReferenceCollectionSerializerOptions.with()
                .contextURL(ContextURL.with().asCollection().suffix(ContextURL.Suffix.REFERENCE).build())
                .count(uriInfo.getCountOption()).build();
        response.setContent(odata.createSerializer(format).referenceCollection(metadata, target.edmSet(), references, options)
                .getContent());
        response.setStatusCode(HttpStatusCode.OK.getStatusCode());
        response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
    }

    /** {@code PUT SalesOrders(7)/Customer/$ref} with {@code {"@odata.id": "BusinessPartners('C-2')"}}. */
    void set(ODataRequest request, UriInfo uriInfo, ContentType format) throws ODataApplicationException, ODataLibraryException {
        Target target = targets.resolve(uriInfo);
        NavigationModel navigation = singleValued(target);
        writer.relink(parentOf(target), navigation, reference(request, format), request.getHeaders(HttpHeader.IF_MATCH),
                request.getHeaders(HttpHeader.IF_NONE_MATCH), request.getRawBaseUri());
    }

    /** {@code POST BusinessPartners('C-1')/SalesOrders/$ref} with the new member's {@code @odata.id}. */
    void add(ODataRequest request, UriInfo uriInfo, ContentType format) throws ODataApplicationException, ODataLibraryException {
        Target target = targets.resolve(uriInfo);
        NavigationModel partner = partnerOfCollection(target);
        String reference = reference(request, format);
        UriResourceEntitySet member;
        try {
            member = odata.createUriHelper().parseEntityId(metadata.getEdm(), reference, request.getRawBaseUri());
        } catch (ODataLibraryException | RuntimeException e) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "Invalid entity reference " + reference + "; write it as EntitySet(key)");
        }
        if (!member.getEntitySet().getName().equals(target.set().name())) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, target.source().navigation().name() + " holds " + target.set().name()
                    + ", not " + member.getEntitySet().getName());
        }
        Object memberKey = targets.key(target.set(), member.getKeyPredicates());
        writer.relink(new Target(member.getEntitySet(), target.set(), Source.of(target.set()), memberKey), partner,
                parentReference(target), request.getHeaders(HttpHeader.IF_MATCH), request.getHeaders(HttpHeader.IF_NONE_MATCH),
                request.getRawBaseUri());
    }

    /**
     * {@code DELETE SalesOrders(7)/Customer/$ref} clears a single-valued navigation; {@code DELETE
     * BusinessPartners('C-1')/SalesOrders(7)/$ref} (or {@code .../SalesOrders/$ref?$id=SalesOrders(7)}) takes a
     * member out of the collection. A member that is not in the collection is 404.
     */
    void remove(ODataRequest request, UriInfo uriInfo) throws ODataApplicationException {
        Target target = targets.resolve(uriInfo);
        if (!target.isNavigation()) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "$ref is removed from a navigation, as in SalesOrders(7)/Customer/$ref");
        }
        if (!target.source().navigation().collection()) {
            writer.relink(parentOf(target), target.source().navigation(), null, request.getHeaders(HttpHeader.IF_MATCH),
                    request.getHeaders(HttpHeader.IF_NONE_MATCH), request.getRawBaseUri());
            return;
        }
        NavigationModel partner = partnerOfCollection(target);
        Object memberKey = target.key();
        if (memberKey == null) {
            if (uriInfo.getIdOption() == null) {
                throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "Name the member to remove: " + target.source().navigation().name()
                        + "(key)/$ref or $ref?$id=" + target.set().name() + "(key)");
            }
            UriResourceEntitySet member;
            try {
                member = odata.createUriHelper().parseEntityId(metadata.getEdm(), uriInfo.getIdOption().getValue(), request.getRawBaseUri());
            } catch (ODataLibraryException | RuntimeException e) {
                throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "Invalid $id; write it as EntitySet(key)");
            }
            if (!member.getEntitySet().getName().equals(target.set().name())) {
                throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "$id must name one of " + target.set().name());
            }
            memberKey = targets.key(target.set(), member.getKeyPredicates());
        }
        Object key = memberKey;
        queries.keyOf(target.source(), key).orElseThrow(() -> ErrorMapping.error(HttpStatusCode.NOT_FOUND,
                target.set().name() + "(" + mapping.keyLiteral(target.set(), key) + ") is not in " + target.source().navigation().name()));
        writer.relink(new Target(target.edmSet(), target.set(), Source.of(target.set()), key), partner, null,
                request.getHeaders(HttpHeader.IF_MATCH), request.getHeaders(HttpHeader.IF_NONE_MATCH), request.getRawBaseUri());
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static NavigationModel singleValued(Target target) throws ODataApplicationException {
        if (!target.isNavigation() || target.source().navigation().collection()) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST,
                    "PUT $ref sets a single-valued navigation; add to a collection with POST .../$ref");
        }
        return target.source().navigation();
    }

    /** The member's navigation back to the parent: what adding to or removing from the collection changes. */
    private NavigationModel partnerOfCollection(Target target) throws ODataApplicationException {
        if (!target.isNavigation() || !target.source().navigation().collection()) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "POST $ref adds to a collection navigation; set a single-valued one with PUT");
        }
        NavigationModel collection = target.source().navigation();
        if (collection.partner() == null) {
            throw ErrorMapping.error(HttpStatusCode.NOT_IMPLEMENTED, collection.name() + " has no partner navigation to change");
        }
        return target.set().navigation(collection.partner()).orElseThrow();
    }

    /** The entity a navigation starts from, as a target of its own. */
    private Target parentOf(Target target) {
        EntitySetModel parentSet = target.source().parentSet();
        EdmEntitySet edmSet = metadata.getEdm().getEntityContainer().getEntitySet(parentSet.name());
        return new Target(edmSet, parentSet, Source.of(parentSet), target.source().parentKey());
    }

    private String parentReference(Target target) {
        EntitySetModel parentSet = target.source().parentSet();
        return parentSet.name() + "(" + mapping.keyLiteral(parentSet, target.source().parentKey()) + ")";
    }

    /** The one {@code @odata.id} of a request body. */
    private String reference(ODataRequest request, ContentType format) throws ODataApplicationException, ODataLibraryException {
        List<URI> references = odata.createDeserializer(format, metadata).entityReferences(request.getBody()).getEntityReferences();
        if (references == null || references.size() != 1) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "The body must hold one entity reference: {\"@odata.id\": \"EntitySet(key)\"}");
        }
        return references.get(0).toString();
    }

    /** References are absolute URLs, so that a client can follow them as they are. */
    private static Entity absolute(ODataRequest request, Entity entity) {
        entity.setId(URI.create(request.getRawBaseUri() + "/" + entity.getId()));
        return entity;
    }
}
