package de.deutschlandstack.core.odata.model;

import java.lang.reflect.Field;

/** Reads and writes entity attributes through their fields (entities use field access). */
final class FieldAccess {

    private FieldAccess() {
    }

    static Object get(Field field, Object entity) {
        try {
            return field.get(entity);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static void set(Field field, Object entity, Object value) {
        try {
            field.set(entity, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
