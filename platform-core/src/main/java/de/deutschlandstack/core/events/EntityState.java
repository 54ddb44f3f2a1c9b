package de.deutschlandstack.core.events;

import java.util.Map;
import java.util.Optional;

/**
 * The values of an entity at one moment, by JPA attribute name: its properties and the entities its single-valued
 * associations pointed to. Empty for an entity that did not exist yet.
 */
public record EntityState(Map<String, Object> values) {

    public static final EntityState NONE = new EntityState(Map.of());

    public EntityState {
        values = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(values));
    }

    /** The attribute's value, or empty when it was null or the entity did not exist. */
    public Optional<Object> get(String attribute) {
        return Optional.ofNullable(values.get(attribute));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }
}
