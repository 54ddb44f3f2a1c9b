package de.deutschlandstack.core.odata.model;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A collection of values of a complex type: a JPA element collection of an {@code @Embeddable}
 * ({@code BusinessPartner.addresses}), exposed as {@code Collection(Namespace.Address)}. Its values have no identity
 * of their own: they are read with their entity and written by replacing the whole collection.
 *
 * @param typeName   the complex type's name, the embeddable's simple class name
 * @param properties the embeddable's fields, as properties of the complex type
 */
public record ComplexCollectionModel(String name, String attribute, String typeName, Class<?> elementType,
                                     List<PropertyModel> properties, Field field) {

    public Optional<PropertyModel> property(String name) {
        return properties.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The entity's values, in their order. */
    public List<?> read(Object entity) {
        Object values = FieldAccess.get(field, entity);
        return values == null ? List.of() : List.copyOf((Collection<?>) values);
    }

    /** Replaces the entity's values (in place: Hibernate tracks the collection it gave the entity). */
    @SuppressWarnings("unchecked")
    public void replace(Object entity, List<Object> values) {
        Collection<Object> current = (Collection<Object>) FieldAccess.get(field, entity);
        if (current == null) {
            FieldAccess.set(field, entity, new java.util.ArrayList<>(values));
            return;
        }
        current.clear();
        current.addAll(values);
    }

    public Object newElement() {
        return FieldAccess.instantiate(elementType);
    }
}
