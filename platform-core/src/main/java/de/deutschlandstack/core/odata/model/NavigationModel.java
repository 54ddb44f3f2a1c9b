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

    /**
     * Whether this entity is part of the one it leads to (an item of its order): the database deletes it with that
     * entity ({@code @OnDelete(CASCADE)}), so it never exists without one.
     */
    public boolean composition() {
        org.hibernate.annotations.OnDelete onDelete = field == null ? null : field.getAnnotation(org.hibernate.annotations.OnDelete.class);
        return !collection && onDelete != null && onDelete.action() == org.hibernate.annotations.OnDeleteAction.CASCADE;
    }
}
