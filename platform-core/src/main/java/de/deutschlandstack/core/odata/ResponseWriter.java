package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.TargetResolution.Target;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.EntityIterator;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.serializer.EntityCollectionSerializerOptions;
import org.apache.olingo.server.api.serializer.EntitySerializerOptions;
import org.apache.olingo.server.api.uri.UriInfo;

import java.util.Iterator;
import java.util.List;

/** Writes entities and pages of entities into the response through Olingo's serializer. */
final class ResponseWriter {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ResponseWriter.class);

    private final OData odata;
    private final ServiceMetadata metadata;
    /** The {@code $expand} as the serializer is to follow it ({@link ExpandLoader#unrolled}). */
    private final java.util.function.UnaryOperator<org.apache.olingo.server.api.uri.queryoption.ExpandOption> expansion;

    ResponseWriter(OData odata, ServiceMetadata metadata) {
        this(odata, metadata, java.util.function.UnaryOperator.identity());
    }

    ResponseWriter(OData odata, ServiceMetadata metadata,
                   java.util.function.UnaryOperator<org.apache.olingo.server.api.uri.queryoption.ExpandOption> expansion) {
        this.odata = odata;
        this.metadata = metadata;
        this.expansion = expansion;
    }

    /**
     * A page of a collection, streamed into the response instead of through an intermediate buffer; the last page of
     * a read that tracks changes carries its delta link (Olingo writes that only for a collection held in memory).
     */
    void collection(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format, Target target,
                    List<Entity> entities, Integer count, java.net.URI next, java.net.URI deltaLink) throws ODataLibraryException {
        collection(request, response, uriInfo, format, target, target.edmSet().getEntityType(), uriInfo.getSelectOption(), entities,
                count, next, deltaLink);
    }

    /** The same, with the entities' type as the serializer sees it (with {@code $compute}, their computed properties too). */
    void collection(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format, Target target,
                    org.apache.olingo.commons.api.edm.EdmEntityType type, org.apache.olingo.server.api.uri.queryoption.SelectOption select,
                    List<Entity> entities, Integer count, java.net.URI next, java.net.URI deltaLink) throws ODataLibraryException {
        PageOfEntities page = new PageOfEntities(entities);
        if (count != null) {
            page.setCount(count);
        }
        page.setNext(next);
        ContextURL context = ContextURL.with()
                .entitySet(target.edmSet())
                .selectList(odata.createUriHelper().buildContextURLSelectList(target.edmSet().getEntityType(),
                        expansion.apply(uriInfo.getExpandOption()), uriInfo.getSelectOption()))
                .build();
        EntityCollectionSerializerOptions options = EntityCollectionSerializerOptions.with()
                .contextURL(context)
                .id(request.getRawBaseUri() + "/" + target.set().name())
                .count(uriInfo.getCountOption())
                .select(select)
                .expand(expansion.apply(uriInfo.getExpandOption()))
                // Once streaming started, the status is sent: a failure can only end the body early; it must not pass unseen.
                .writeContentErrorCallback((failure, channel) -> LOG.error("Writing a collection's content failed midway",
                        failure.getException()))
                .build();
        if (deltaLink != null) {
            org.apache.olingo.commons.api.data.EntityCollection collection = new org.apache.olingo.commons.api.data.EntityCollection();
            collection.getEntities().addAll(entities);
            collection.setCount(count);
            collection.setDeltaLink(deltaLink);
            response.setContent(PlatformJsonSerializer.of(odata, format)
                    .entityCollection(metadata, type, collection, options).getContent());
        } else {
            response.setODataContent(PlatformJsonSerializer.of(odata, format)
                    .entityCollectionStreamed(metadata, type, page, options).getODataContent());
        }
        response.setStatusCode(HttpStatusCode.OK.getStatusCode());
        response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
    }

    /** One entity, with its ETag; {@code uriInfo} null for the answer to a write (no $select or $expand). */
    void entity(ODataResponse response, Target target, Entity entity, ContentType format, UriInfo uriInfo,
                HttpStatusCode status) throws ODataLibraryException {
        ContextURL context = ContextURL.with()
                .entitySet(target.edmSet())
                .selectList(uriInfo == null ? null : odata.createUriHelper().buildContextURLSelectList(
                        target.edmSet().getEntityType(), expansion.apply(uriInfo.getExpandOption()), uriInfo.getSelectOption()))
                .suffix(ContextURL.Suffix.ENTITY)
                .build();
        EntitySerializerOptions options = EntitySerializerOptions.with()
                .contextURL(context)
                .expand(uriInfo == null ? null : expansion.apply(uriInfo.getExpandOption()))
                .select(uriInfo == null ? null : uriInfo.getSelectOption())
                .build();
        response.setContent(PlatformJsonSerializer.of(odata, format).entity(metadata, target.edmSet().getEntityType(), entity, options).getContent());
        response.setStatusCode(status.getStatusCode());
        response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
        if (entity.getETag() != null) {
            response.setHeader(HttpHeader.ETAG, entity.getETag());
        }
    }

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
}
