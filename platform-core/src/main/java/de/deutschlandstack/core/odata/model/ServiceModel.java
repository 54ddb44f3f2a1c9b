package de.deutschlandstack.core.odata.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One OData service: the entity sets exposed under {@code /odata/v4/<name>/}. Built once at start-up by
 * {@link ServiceModels} from the JPA metamodel; immutable afterwards.
 */
public final class ServiceModel {

    private final String name;
    private final String namespace;
    private final Map<String, EntitySetModel> setsByName = new LinkedHashMap<>();
    private final Map<Class<?>, EntitySetModel> setsByType = new LinkedHashMap<>();

    ServiceModel(String name, Collection<EntitySetModel> sets) {
        this.name = name;
        this.namespace = "DeutschlandStack." + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (EntitySetModel set : sets) {
            setsByName.put(set.name(), set);
            setsByType.put(set.javaType(), set);
        }
    }

    public String name() {
        return name;
    }

    /** The EDM namespace, e.g. {@code DeutschlandStack.Erp}. */
    public String namespace() {
        return namespace;
    }

    public String containerName() {
        return "Container";
    }

    public Collection<EntitySetModel> entitySets() {
        return setsByName.values();
    }

    public Optional<EntitySetModel> entitySet(String name) {
        return Optional.ofNullable(setsByName.get(name));
    }

    public Optional<EntitySetModel> entitySetOf(Class<?> javaType) {
        Class<?> type = javaType;
        while (type != null && type != Object.class) {
            EntitySetModel set = setsByType.get(type);
            if (set != null) {
                return Optional.of(set);
            }
            type = type.getSuperclass();
        }
        return Optional.empty();
    }

    public Optional<EntitySetModel> entitySetOfType(String typeName) {
        return setsByName.values().stream().filter(s -> s.typeName().equals(typeName)).findFirst();
    }
}
