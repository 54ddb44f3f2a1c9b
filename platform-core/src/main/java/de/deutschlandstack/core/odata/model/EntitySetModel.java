package de.deutschlandstack.core.odata.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** An exposed entity set and its entity type, derived from one annotated JPA entity class. */
public final class EntitySetModel {

    private final String name;
    private final String typeName;
    private final String entityName;
    private final Class<?> javaType;
    private final List<PropertyModel> properties;
    private final List<NavigationModel> navigations;
    private final Map<String, PropertyModel> propertiesByName;
    private final Map<String, NavigationModel> navigationsByName;
    private final PropertyModel key;
    private final java.lang.reflect.Field version;
    private final List<OperationModel> operations;
    private final List<ComplexCollectionModel> complexCollections;
    private final ODataEntitySet exposure;
    private final boolean generatesOnInsert;
    /** The names of the properties marked {@code @PersonalData}, comma-separated; null when there are none. */
    private final String personalData;
    private final java.util.Set<String> readRoles;
    private final java.util.Set<String> writeRoles;

    public EntitySetModel(String name, String entityName, Class<?> javaType, List<PropertyModel> properties,
                          List<NavigationModel> navigations, java.lang.reflect.Field version, List<OperationModel> operations) {
        this(name, entityName, javaType, properties, navigations, version, operations, List.of());
    }

    public EntitySetModel(String name, String entityName, Class<?> javaType, List<PropertyModel> properties,
                          List<NavigationModel> navigations, java.lang.reflect.Field version, List<OperationModel> operations,
                          List<ComplexCollectionModel> complexCollections) {
        this.name = name;
        this.entityName = entityName;
        this.typeName = javaType.getSimpleName();
        this.javaType = javaType;
        this.properties = List.copyOf(properties);
        this.navigations = List.copyOf(navigations);
        this.propertiesByName = properties.stream().collect(Collectors.toMap(PropertyModel::name, Function.identity()));
        this.navigationsByName = navigations.stream().collect(Collectors.toMap(NavigationModel::name, Function.identity()));
        this.key = properties.stream().filter(PropertyModel::key).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(javaType + " has no key"));
        this.version = version;
        this.operations = List.copyOf(operations);
        this.complexCollections = List.copyOf(complexCollections);
        this.exposure = javaType.getAnnotation(ODataEntitySet.class);
        if (exposure == null) {
            throw new IllegalArgumentException(javaType + " is not annotated @" + ODataEntitySet.class.getSimpleName());
        }
        this.readRoles = java.util.Set.of(exposure.read());
        List<String> personal = properties.stream()
                .filter(p -> p.field() != null && p.field().isAnnotationPresent(de.deutschlandstack.core.privacy.PersonalData.class))
                .map(PropertyModel::name).toList();
        this.personalData = personal.isEmpty() ? null : String.join(",", personal);
        this.writeRoles = java.util.Set.of(exposure.write());
        this.generatesOnInsert = properties.stream().map(PropertyModel::field).filter(java.util.Objects::nonNull)
                .anyMatch(field -> field.isAnnotationPresent(org.hibernate.annotations.CreationTimestamp.class)
                        || field.isAnnotationPresent(org.hibernate.annotations.UpdateTimestamp.class)
                        || field.getAnnotation(jakarta.persistence.GeneratedValue.class) != null
                        && field.getAnnotation(jakarta.persistence.GeneratedValue.class).strategy() == jakarta.persistence.GenerationType.IDENTITY);
    }

    /**
     * Whether storing an entity gives it values it has not before its {@code INSERT} runs: timestamps Hibernate sets
     * then, a key the database assigns. A create answers with its entity, so such a create is flushed at once.
     */
    public boolean generatesOnInsert() {
        return generatesOnInsert;
    }

    /** The properties marked {@code @PersonalData}, comma-separated, or null: reading them is audited. */
    public String personalData() {
        return personalData;
    }

    /** The roles that may read the set ({@link ODataEntitySet#read()}). */
    public java.util.Set<String> readRoles() {
        return readRoles;
    }

    /** The roles that may write the set ({@link ODataEntitySet#write()}). */
    public java.util.Set<String> writeRoles() {
        return writeRoles;
    }

    public boolean insertable() {
        return exposure.insertable();
    }

    public boolean updatable() {
        return exposure.updatable();
    }

    /** Whether its changes are in the change log, so that delta links can follow them ({@link ODataEntitySet#changeLog()}). */
    public boolean changeLogged() {
        return exposure.changeLog();
    }

    public boolean deletable() {
        return exposure.deletable();
    }

    /** The text properties {@code $search} looks in ({@link Searchable}). */
    public List<PropertyModel> searchable() {
        return properties.stream().filter(p -> p.field() != null && p.field().isAnnotationPresent(Searchable.class)).toList();
    }

    /** The collections of complex values ({@code Addresses}), read and written with the entity. */
    public List<ComplexCollectionModel> complexCollections() {
        return complexCollections;
    }

    public Optional<ComplexCollectionModel> complexCollection(String name) {
        return complexCollections.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The actions and functions bound to this set's entities. */
    public List<OperationModel> operations() {
        return operations;
    }

    public Optional<OperationModel> operation(String name) {
        return operations.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    public String name() {
        return name;
    }

    /** The JPA entity name, as queries refer to the entity. */
    public String entityName() {
        return entityName;
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
        return Optional.of(((Number) FieldAccess.get(version, entity)).longValue());
    }

    /** The JPA attribute behind the ETag, or null if the entity is not versioned. */
    public String versionAttribute() {
        return version == null ? null : version.getName();
    }

    /** Position of the key in a {@linkplain #row(Object) row}. */
    public int keyIndex() {
        return properties.indexOf(key);
    }

    /**
     * The entity's values in the shape reads produce: the properties in declaration order, then the version if
     * the entity is versioned. Reads select exactly these columns instead of loading entities.
     */
    public Object[] row(Object entity) {
        Object[] row = new Object[properties.size() + (version == null ? 0 : 1)];
        for (int i = 0; i < properties.size(); i++) {
            row[i] = properties.get(i).read(entity);
        }
        if (version != null) {
            row[properties.size()] = version(entity).orElseThrow();
        }
        return row;
    }

    /** The version in a {@linkplain #row(Object) row}, or empty. */
    public Optional<Long> version(Object[] row) {
        return version == null ? Optional.empty() : Optional.of(((Number) row[properties.size()]).longValue());
    }

    /** The entity's properties and single-valued associations by attribute name, as they are now. */
    public java.util.Map<String, Object> snapshot(Object entity) {
        java.util.Map<String, Object> values = new java.util.HashMap<>();
        for (PropertyModel property : properties) {
            values.put(property.attribute(), property.read(entity));
        }
        for (NavigationModel navigation : navigations) {
            if (!navigation.collection()) {
                values.put(navigation.attribute(), navigation.read(entity));
            }
        }
        return values;
    }

    public Object newInstance() {
        return FieldAccess.instantiate(javaType);
    }
}
