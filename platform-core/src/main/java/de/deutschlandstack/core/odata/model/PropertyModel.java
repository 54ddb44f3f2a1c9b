package de.deutschlandstack.core.odata.model;

import java.lang.reflect.Field;

/**
 * One primitive property: its OData name and type facets, and the JPA attribute behind it.
 *
 * @param edmType  the EDM primitive type kind's name, e.g. {@code Decimal}
 * @param readOnly  computed by the platform (keys generated on insert, totals, timestamps); clients may not set it
 * @param immutable set on insert, never changed afterwards ({@code @Column(updatable = false)})
 */
public record PropertyModel(String name, String attribute, Class<?> javaType, String edmType, boolean nullable,
                            Integer maxLength, Integer precision, Integer scale, boolean key, boolean readOnly,
                            boolean immutable, Field field) {

    public Object read(Object entity) {
        return FieldAccess.get(field, entity);
    }

    public void write(Object entity, Object value) {
        FieldAccess.set(field, entity, value);
    }
}
