package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.security.AccessPolicy;
import de.deutschlandstack.core.odata.TargetResolution.Target;
import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.OperationModel;
import de.deutschlandstack.core.odata.query.QueryException;
import de.deutschlandstack.core.odata.query.Values;
import org.apache.olingo.commons.api.data.Parameter;
import org.apache.olingo.commons.api.edm.EdmAction;
import org.apache.olingo.commons.api.edm.EdmPrimitiveType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeException;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataLibraryException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriParameter;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceAction;
import org.apache.olingo.server.api.uri.UriResourceFunction;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a bound action or function: finds the entity it is bound to (404 for another tenant's, as for any read),
 * checks a precondition the client sent, reads the parameters, passes in the platform services the method asks
 * for, and calls the entity's method. Actions run inside the write transaction, so a failure anywhere leaves
 * nothing behind; their changes are flushed here so that constraint violations answer the client, not the commit.
 */
final class OperationInvocation {

    /** What an operation returned, and the entity set its entities belong to (null for a primitive or nothing). */
    record Outcome(OperationModel operation, Object value, EntitySetModel resultSet) {
    }

    private final OData odata;
    private final ServiceMetadata metadata;
    private final TargetResolution targets;
    private final EntityWriter writer;
    private final Function<Class<?>, Object> services;
    private final de.deutschlandstack.core.odata.model.ServiceModel model;

    private final WriteHooks hooks;

    OperationInvocation(OData odata, ServiceMetadata metadata, de.deutschlandstack.core.odata.model.ServiceModel model,
                        TargetResolution targets, EntityWriter writer, Function<Class<?>, Object> services, WriteHooks hooks) {
        this.hooks = hooks;
        this.odata = odata;
        this.metadata = metadata;
        this.model = model;
        this.targets = targets;
        this.writer = writer;
        this.services = services;
    }

    /** Whether the request addresses an operation: its last path segment is an action or a function. */
    static boolean isOperation(UriInfo uriInfo) {
        List<UriResource> parts = uriInfo.getUriResourceParts();
        UriResource last = parts.get(parts.size() - 1);
        return last instanceof UriResourceAction || last instanceof UriResourceFunction;
    }

    Outcome invoke(ODataRequest request, UriInfo uriInfo, ContentType requestFormat)
            throws ODataApplicationException, ODataLibraryException {
        List<UriResource> parts = uriInfo.getUriResourceParts();
        UriResource last = parts.get(parts.size() - 1);
        boolean action = last instanceof UriResourceAction;
        String name = action ? ((UriResourceAction) last).getAction().getName() : ((UriResourceFunction) last).getFunction().getName();
        Target target = targets.resolve(uriInfo);
        if (target.key() == null) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, name + " is bound to one entity: address it by its key");
        }
        OperationModel operation = target.set().operation(name)
                .filter(o -> o.action() == action)
                .orElseThrow(() -> ErrorMapping.error(HttpStatusCode.NOT_FOUND, target.set().name() + " has no " + name));
        AccessPolicy.requireInvoke(target.set(), operation);
        Map<String, Object> given = action
                ? actionParameters(request, requestFormat, ((UriResourceAction) last).getAction())
                : functionParameters(uriInfo, (UriResourceFunction) last, operation);
        // An action changes the entity: a client that sends the ETag it read is told if it is stale (412).
        Object entity = writer.loadGuarded(target, request.getHeaders("If-Match"), request.getHeaders("If-None-Match"), false);
        Object[] arguments = arguments(operation, given);
        Object value;
        try {
            value = operation.method().invoke(entity, arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(operation.method() + " must be public", e);
        }
        if (action) {
            writer.flush();
            de.deutschlandstack.core.tenancy.Caller caller = de.deutschlandstack.core.tenancy.CurrentCaller.require();
            hooks.acted(new de.deutschlandstack.core.events.ActionInvoked(caller.tenant(), caller.user(), model.name(),
                    target.set().name(), writer.keyLiteral(target.set(), target.key()), operation.name(), java.time.Instant.now()));
            writer.flush();
        }
        EntitySetModel resultSet = operation.result().entitySet() == null ? null
                : model.entitySet(operation.result().entitySet()).orElseThrow();
        return new Outcome(operation, value, resultSet);
    }

    private Object[] arguments(OperationModel operation, Map<String, Object> given) throws ODataApplicationException {
        Object[] arguments = new Object[operation.parameters().size()];
        for (int i = 0; i < arguments.length; i++) {
            OperationModel.Parameter parameter = operation.parameters().get(i);
            if (parameter.isService()) {
                arguments[i] = services.apply(parameter.javaType());
                continue;
            }
            Object value = given.get(parameter.name());
            if (value == null && !parameter.nullable()) {
                throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, operation.name() + " needs the parameter " + parameter.name());
            }
            try {
                arguments[i] = value == null ? null : Values.convert(value, parameter.javaType());
            } catch (Values.InvalidValueException e) {
                throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "Invalid value for " + parameter.name() + ": " + e.getMessage());
            }
        }
        return arguments;
    }

    private Map<String, Object> actionParameters(ODataRequest request, ContentType format, EdmAction action)
            throws ODataLibraryException, ODataApplicationException {
        Map<String, Object> values = new HashMap<>();
        InputStream body = request.getBody();
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readAllBytes();
        } catch (java.io.IOException e) {
            throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, "The body cannot be read");
        }
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return values;
        }
        if (format == null) {
            throw ErrorMapping.error(HttpStatusCode.UNSUPPORTED_MEDIA_TYPE, "Action parameters are sent as application/json");
        }
        Map<String, Parameter> parameters = odata.createDeserializer(format, metadata)
                .actionParameters(new java.io.ByteArrayInputStream(bytes), action).getActionParameters();
        parameters.forEach((name, parameter) -> values.put(name, parameter.getValue()));
        return values;
    }

    private Map<String, Object> functionParameters(UriInfo uriInfo, UriResourceFunction function, OperationModel operation) {
        Map<String, Object> values = new HashMap<>();
        for (UriParameter parameter : function.getParameters()) {
            String text = parameter.getAlias() != null ? uriInfo.getValueForAlias(parameter.getAlias()) : parameter.getText();
            if (text == null || text.equals("null")) {
                continue;
            }
            OperationModel.Parameter declared = operation.odataParameters().stream()
                    .filter(p -> p.name().equals(parameter.getName())).findFirst()
                    .orElseThrow(() -> QueryException.badRequest(operation.name() + " has no parameter " + parameter.getName()));
            EdmPrimitiveType type = odata.createPrimitiveTypeInstance(EdmPrimitiveTypeKind.valueOf(declared.edmType()));
            try {
                values.put(declared.name(), type.valueOfString(type.fromUriLiteral(text), true, declared.maxLength(), declared.precision(),
                        declared.scale(), true, type.getDefaultType()));
            } catch (EdmPrimitiveTypeException e) {
                throw QueryException.badRequest("The value " + text + " of " + declared.name() + " is not a valid " + declared.edmType());
            }
        }
        return values;
    }
}
