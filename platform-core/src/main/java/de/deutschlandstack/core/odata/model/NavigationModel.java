package de.deutschlandstack.core.odata.model;

import java.lang.reflect.Field;

/**
 * A navigation property: an association between two exposed entities.
 *
 * @param targetType the Java class of the entity it leads to
 * @param partner    the name of the navigation on the other side, or null when the association is one-way
 */
public record NavigationModel(String name, String attribute, Class<?> targetType, boolean collection,
                              boolean nullable, String partner, Field field) {

    public Object read(Object entity) {
        return FieldAccess.get(field, entity);
    }

    public void write(Object entity, Object value) {
        FieldAccess.set(field, entity, value);
    }
}
