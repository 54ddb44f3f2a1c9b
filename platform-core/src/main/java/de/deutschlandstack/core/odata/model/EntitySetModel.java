package de.deutschlandstack.core.odata.model;

import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** An exposed entity set and its entity type, derived from one annotated JPA entity class. */
public final class EntitySetModel {

    private final String name;
    private final String typeName;
    private final Class<?> javaType;
    private final List<PropertyModel> properties;
    private final List<NavigationModel> navigations;
    private final Map<String, PropertyModel> propertiesByName;
    private final Map<String, NavigationModel> navigationsByName;
    private final PropertyModel key;
    private final java.lang.reflect.Field version;

    public EntitySetModel(String name, Class<?> javaType, List<PropertyModel> properties,
                          List<NavigationModel> navigations, java.lang.reflect.Field version) {
        this.name = name;
        this.typeName = javaType.getSimpleName();
        this.javaType = javaType;
        this.properties = List.copyOf(properties);
        this.navigations = List.copyOf(navigations);
        this.propertiesByName = properties.stream().collect(Collectors.toMap(PropertyModel::name, Function.identity()));
        this.navigationsByName = navigations.stream().collect(Collectors.toMap(NavigationModel::name, Function.identity()));
        this.key = properties.stream().filter(PropertyModel::key).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(javaType + " has no key"));
        this.version = version;
    }

    public String name() {
        return name;
    }

    public String typeName() {
        return typeName;
    }

    public Class<?> javaType() {
        return javaType;
    }

    public List<PropertyModel> properties() {
        return properties;
    }

    public List<NavigationModel> navigations() {
        return navigations;
    }

    public PropertyModel key() {
        return key;
    }

    public Optional<PropertyModel> property(String name) {
        return Optional.ofNullable(propertiesByName.get(name));
    }

    public Optional<NavigationModel> navigation(String name) {
        return Optional.ofNullable(navigationsByName.get(name));
    }

    /** The optimistic-lock version behind the entity's ETag, or empty if the entity is not versioned. */
    public Optional<Long> version(Object entity) {
        if (version == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(((Number) version.get(entity)).longValue());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    public Object newInstance() {
        try {
            Constructor<?> constructor = javaType.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(javaType + " needs a no-argument constructor", e);
        }
    }
}
