package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.OperationInvocation.Outcome;
import de.deutschlandstack.core.odata.TargetResolution.Target;
import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
import de.deutschlandstack.core.odata.query.EntityQueries;
import jakarta.persistence.EntityManager;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.Property;
import org.apache.olingo.commons.api.data.ValueType;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmPrimitiveType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.ActionEntityCollectionProcessor;
import org.apache.olingo.server.api.processor.ActionEntityProcessor;
import org.apache.olingo.server.api.processor.ActionPrimitiveCollectionProcessor;
import org.apache.olingo.server.api.processor.ActionPrimitiveProcessor;
import org.apache.olingo.server.api.processor.ActionVoidProcessor;
import org.apache.olingo.server.api.serializer.PrimitiveSerializerOptions;
import org.apache.olingo.server.api.uri.UriInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The Olingo processor of bound actions (POST) and, through {@link JpaEntityProcessor}, of bound functions (GET):
 * {@link OperationInvocation} runs the entity's method; this class writes what it returned as OData.
 */
final class OperationProcessor implements ActionEntityProcessor, ActionEntityCollectionProcessor, ActionPrimitiveProcessor,
        ActionPrimitiveCollectionProcessor, ActionVoidProcessor {

    private final ServiceModel model;
    private final EntityManager em;
    private final WriteHooks hooks;
    private final Function<Class<?>, Object> services;
    private final int maxNestedEntities;
    private OData odata;
    private ServiceMetadata metadata;
    private EntityMapping mapping;
    private OperationInvocation invocation;
    private ResponseWriter responses;

    OperationProcessor(ServiceModel model, EntityManager em, WriteHooks hooks, int maxNestedEntities, Function<Class<?>, Object> services) {
        this.maxNestedEntities = maxNestedEntities;
        this.model = model;
        this.em = em;
        this.hooks = hooks;
        this.services = services;
    }

    @Override
    public void init(OData odata, ServiceMetadata metadata) {
        this.odata = odata;
        this.metadata = metadata;
        this.mapping = new EntityMapping(odata, model.namespace());
        EntityQueries queries = new EntityQueries(em, model);
        TargetResolution targets = new TargetResolution(model, queries, mapping);
        EntityWriter writer = new EntityWriter(odata, metadata, model, em, queries, maxNestedEntities, mapping, targets, hooks);
        this.invocation = new OperationInvocation(odata, metadata, model, targets, writer, services, hooks);
        this.responses = new ResponseWriter(odata, metadata);
    }

    @Override
    public void processActionEntity(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType requestFormat,
                                    ContentType responseFormat) throws ODataApplicationException, ODataLibraryException {
        ErrorMapping.run(() -> respond(request, response, uriInfo, invocation.invoke(request, uriInfo, requestFormat), responseFormat));
    }

    @Override
    public void processActionEntityCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                                              ContentType requestFormat, ContentType responseFormat)
            throws ODataApplicationException, ODataLibraryException {
        ErrorMapping.run(() -> respond(request, response, uriInfo, invocation.invoke(request, uriInfo, requestFormat), responseFormat));
    }

    @Override
    public void processActionPrimitive(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType requestFormat,
                                       ContentType responseFormat) throws ODataApplicationException, ODataLibraryException {
        ErrorMapping.run(() -> respond(request, response, uriInfo, invocation.invoke(request, uriInfo, requestFormat), responseFormat));
    }

    @Override
    public void processActionPrimitiveCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo,
                                                 ContentType requestFormat, ContentType responseFormat)
            throws ODataApplicationException, ODataLibraryException {
        ErrorMapping.run(() -> respond(request, response, uriInfo, invocation.invoke(request, uriInfo, requestFormat), responseFormat));
    }

    @Override
    public void processActionVoid(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType requestFormat)
            throws ODataApplicationException, ODataLibraryException {
        ErrorMapping.run(() -> {
            invocation.invoke(request, uriInfo, requestFormat);
            response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
        });
    }

    /** A bound function, called on the read path by {@link JpaEntityProcessor}. */
    void processFunction(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType responseFormat)
            throws ODataApplicationException, ODataLibraryException {
        ErrorMapping.run(() -> respond(request, response, uriInfo, invocation.invoke(request, uriInfo, null), responseFormat));
    }

    private void respond(ODataRequest request, ODataResponse response, UriInfo uriInfo, Outcome outcome, ContentType format)
            throws ODataLibraryException, ODataApplicationException {
        Object value = outcome.value();
        if (value == null) {
            response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
            return;
        }
        if (outcome.resultSet() != null) {
            EntitySetModel set = outcome.resultSet();
            EdmEntitySet edmSet = metadata.getEdm().getEntityContainer().getEntitySet(set.name());
            Target target = new Target(edmSet, set, EntityQueries.Source.of(set), null);
            if (outcome.operation().result().collection()) {
                List<Entity> entities = new ArrayList<>();
                for (Object entity : (Collection<?>) value) {
                    entities.add(mapping.toODataFromEntity(set, entity));
                }
                responses.collection(request, response, uriInfo, format, target, entities, null, null, null);
            } else {
                responses.entity(response, target, mapping.toODataFromEntity(set, value), format, null, HttpStatusCode.OK);
            }
            return;
        }
        EdmPrimitiveType type = odata.createPrimitiveTypeInstance(EdmPrimitiveTypeKind.valueOf(outcome.operation().result().edmType()));
        boolean collection = outcome.operation().result().collection();
        Property property = new Property(null, outcome.operation().name(),
                collection ? ValueType.COLLECTION_PRIMITIVE : ValueType.PRIMITIVE,
                collection ? new ArrayList<>((Collection<?>) value) : value instanceof Enum<?> e ? e.name() : value);
        ContextURL context = ContextURL.with().type(type).asCollection().build();
        if (!collection) {
            context = ContextURL.with().type(type).build();
        }
        PrimitiveSerializerOptions options = PrimitiveSerializerOptions.with().contextURL(context).build();
        response.setContent(collection
                ? odata.createSerializer(format).primitiveCollection(metadata, type, property, options).getContent()
                : odata.createSerializer(format).primitive(metadata, type, property, options).getContent());
        response.setStatusCode(HttpStatusCode.OK.getStatusCode());
        response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
    }
}
