package de.deutschlandstack.core.odata.model;

import java.lang.reflect.Field;

/** Reads and writes one entity attribute through its field (entities use field access). */
record FieldAccess(Field field) {

    Object get(Object entity) {
        try {
            return field.get(entity);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    void set(Object entity, Object value) {
        try {
            field.set(entity, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
