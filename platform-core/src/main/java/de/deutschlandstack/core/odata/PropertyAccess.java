package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.TargetResolution.Target;
import de.deutschlandstack.core.odata.model.PropertyModel;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.Property;
import org.apache.olingo.commons.api.data.ValueType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveType;
import org.apache.olingo.commons.api.edm.EdmProperty;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.serializer.PrimitiveSerializerOptions;
import org.apache.olingo.server.api.serializer.PrimitiveValueSerializerOptions;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourcePrimitiveProperty;

import java.util.List;
import java.util.Optional;

/**
 * One property of one entity ({@code SalesOrders(7)/Note}): read it, raw with {@code /$value}, change it with
 * {@code PUT} or clear it with {@code DELETE}. A change goes through the same path as a PATCH of the entity
 * ({@link EntityWriter#update}): preconditions, business rules, change event.
 */
final class PropertyAccess {

    private final OData odata;
    private final ServiceMetadata metadata;
    private final EntityMapping mapping;
    private final TargetResolution targets;
    private final EntityWriter writer;

    PropertyAccess(OData odata, ServiceMetadata metadata, EntityMapping mapping, TargetResolution targets, EntityWriter writer) {
        this.odata = odata;
        this.metadata = metadata;
        this.mapping = mapping;
        this.targets = targets;
        this.writer = writer;
    }

    /** The property in JSON ({@code {"value": ...}}), or 204 when it is null. */
    void read(ODataResponse response, UriInfo uriInfo, ContentType format) throws ODataApplicationException, ODataLibraryException {
        Target target = targets.resolve(uriInfo);
        EdmProperty edmProperty = lastProperty(uriInfo);
        Optional<Object[]> row = rowWithValue(target, edmProperty);
        if (row.isEmpty()) {
            response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
            return;
        }
        ContextURL context = ContextURL.with().entitySet(target.edmSet())
                .keyPath(mapping.keyLiteral(target.set(), row.get()[target.set().keyIndex()]))
                .navOrPropertyPath(edmProperty.getName()).build();
        response.setContent(odata.createSerializer(format).primitive(metadata, (EdmPrimitiveType) edmProperty.getType(),
                mapping.toOData(target.set(), row.get()).getProperty(edmProperty.getName()),
                PrimitiveSerializerOptions.with().contextURL(context).facetsFrom(edmProperty).build()).getContent());
        response.setStatusCode(HttpStatusCode.OK.getStatusCode());
        response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
    }

    /** The raw value as text ({@code /$value}), or 204 when it is null. */
    void readValue(ODataResponse response, UriInfo uriInfo) throws ODataApplicationException, ODataLibraryException {
        Target target = targets.resolve(uriInfo);
        EdmProperty edmProperty = lastProperty(uriInfo);
        Optional<Object[]> row = rowWithValue(target, edmProperty);
        if (row.isEmpty()) {
            response.setStatusCode(HttpStatusCode.NO_CONTENT.getStatusCode());
            return;
        }
        Object value = mapping.toOData(target.set(), row.get()).getProperty(edmProperty.getName()).getValue();
        response.setContent(odata.createFixedFormatSerializer().primitiveValue((EdmPrimitiveType) edmProperty.getType(), value,
                PrimitiveValueSerializerOptions.with().facetsFrom(edmProperty).build()));
        response.setStatusCode(HttpStatusCode.OK.getStatusCode());
        response.setHeader(HttpHeader.CONTENT_TYPE, ContentType.TEXT_PLAIN.toContentTypeString());
    }

    /** {@code PUT SalesOrders(7)/Note} with {@code {"value": "..."}}: a change of one property, as a PATCH of it would be. */
    void update(ODataRequest request, UriInfo uriInfo, ContentType format) throws ODataApplicationException, ODataLibraryException {
        EdmProperty edmProperty = lastProperty(uriInfo);
        Property value = odata.createDeserializer(format, metadata).property(request.getBody(), edmProperty).getProperty();
        write(request, targets.resolve(uriInfo), edmProperty, value.getValue());
    }

    /** {@code DELETE SalesOrders(7)/Note}: the property set to null, when it may be. */
    void clear(ODataRequest request, UriInfo uriInfo) throws ODataApplicationException {
        write(request, targets.resolve(uriInfo), lastProperty(uriInfo), null);
    }

    /** The entity's row, when the property has a value. */
    private Optional<Object[]> rowWithValue(Target target, EdmProperty edmProperty) throws ODataApplicationException {
        int index = target.set().properties().indexOf(target.set().property(edmProperty.getName()).orElseThrow());
        return targets.readRow(target).filter(row -> row[index] != null);
    }

    private void write(ODataRequest request, Target target, EdmProperty edmProperty, Object value) throws ODataApplicationException {
        PropertyModel property = target.set().property(edmProperty.getName()).orElseThrow();
        if (property.key() || property.readOnly() || property.immutable()) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, property.name() + " is not changed by clients"
                    + (property.readOnly() ? " (the platform computes it)" : ""));
        }
        Entity given = new Entity();
        given.addProperty(new Property(null, property.name(), ValueType.PRIMITIVE, value));
        writer.update(target, given, request.getHeaders(HttpHeader.IF_MATCH), request.getHeaders(HttpHeader.IF_NONE_MATCH), false,
                request.getRawBaseUri());
    }

    private static EdmProperty lastProperty(UriInfo uriInfo) {
        List<UriResource> parts = uriInfo.getUriResourceParts();
        for (int i = parts.size() - 1; i >= 0; i--) {
            if (parts.get(i) instanceof UriResourcePrimitiveProperty property) {
                return property.getProperty();
            }
        }
        throw new IllegalStateException("No property in " + parts);
    }
}
