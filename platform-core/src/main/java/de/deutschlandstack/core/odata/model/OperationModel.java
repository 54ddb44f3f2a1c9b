package de.deutschlandstack.core.odata.model;

import java.lang.reflect.Method;
import java.util.List;

/**
 * A bound action or function, declared by a method of an exposed entity ({@link ODataAction}, {@link ODataFunction}).
 *
 * @param parameters the method's parameters in order: OData parameters and platform services
 * @param result     what the method returns, as OData describes it
 * @param roles      the roles that may invoke it (one is enough)
 */
public record OperationModel(String name, boolean action, Method method, List<Parameter> parameters, Result result,
                             java.util.Set<String> roles) {

    /**
     * A method parameter: an OData parameter ({@code edmType} set) or a platform service the runtime passes in. A
     * decimal's precision and scale come from {@code @Digits} on the parameter; without it, an amount: 15 digits, 2
     * of them after the point. A string's maximum length comes from {@code @Size}, else 255.
     */
    public record Parameter(String name, Class<?> javaType, String edmType, boolean nullable, Integer precision, Integer scale,
                            Integer maxLength) {

        public boolean isService() {
            return edmType == null;
        }
    }

    /**
     * What the operation returns: nothing, an entity of an exposed set, a collection of them, or a primitive value.
     *
     * @param entitySet the returned entities' set, or null for a primitive or nothing
     * @param edmType   the returned primitive's EDM type, or null
     */
    public record Result(String entitySet, String edmType, boolean collection) {

        public static final Result NONE = new Result(null, null, false);

        public boolean isNone() {
            return entitySet == null && edmType == null;
        }
    }

    public List<Parameter> odataParameters() {
        return parameters.stream().filter(p -> !p.isService()).toList();
    }
}
