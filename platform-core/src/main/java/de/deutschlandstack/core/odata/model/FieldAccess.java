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

    /** A new instance through the no-argument constructor JPA requires (it may be protected). */
    static Object instantiate(Class<?> type) {
        try {
            java.lang.reflect.Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " needs a no-argument constructor", e);
        }
    }
}
