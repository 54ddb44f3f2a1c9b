package de.deutschlandstack.erp.pricing;

import java.lang.reflect.Field;

/** Reads an entity's attribute by name, from the class that declares it. */
final class FieldValues {

    private FieldValues() {
    }

    static Object read(Object entity, String attribute) {
        for (Class<?> c = entity.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(attribute);
                field.setAccessible(true);
                return field.get(entity);
            } catch (NoSuchFieldException e) {
                // declared further up
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalArgumentException(entity.getClass() + " has no attribute " + attribute);
    }
}
