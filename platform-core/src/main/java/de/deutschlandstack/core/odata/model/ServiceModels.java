package de.deutschlandstack.core.odata.model;

import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Version;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.Metamodel;
import jakarta.persistence.metamodel.PluralAttribute;
import jakarta.persistence.metamodel.SingularAttribute;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.TenantId;
import org.hibernate.annotations.UpdateTimestamp;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Derives the OData services from the JPA metamodel: every entity annotated with {@link ODataEntitySet}
 * becomes an entity set, its basic attributes properties, its associations to other exposed entities
 * navigation properties. The tenant and the version are never properties.
 */
public final class ServiceModels {

    private static final Map<Class<?>, String> EDM_TYPES = Map.ofEntries(
            Map.entry(String.class, "String"),
            Map.entry(Long.class, "Int64"), Map.entry(long.class, "Int64"),
            Map.entry(Integer.class, "Int32"), Map.entry(int.class, "Int32"),
            Map.entry(Short.class, "Int16"), Map.entry(short.class, "Int16"),
            Map.entry(Boolean.class, "Boolean"), Map.entry(boolean.class, "Boolean"),
            Map.entry(Double.class, "Double"), Map.entry(double.class, "Double"),
            Map.entry(BigDecimal.class, "Decimal"),
            Map.entry(LocalDate.class, "Date"),
            Map.entry(Instant.class, "DateTimeOffset"),
            Map.entry(UUID.class, "Guid"));

    private final Map<String, ServiceModel> services;

    private ServiceModels(Map<String, ServiceModel> services) {
        this.services = services;
    }

    public static ServiceModels from(Metamodel metamodel) {
        Map<String, List<EntityType<?>>> exposedByService = new LinkedHashMap<>();
        metamodel.getEntities().stream()
                .filter(type -> type.getJavaType().isAnnotationPresent(ODataEntitySet.class))
                .sorted(Comparator.comparing(type -> type.getJavaType().getName()))
                .forEach(type -> exposedByService
                        .computeIfAbsent(type.getJavaType().getAnnotation(ODataEntitySet.class).service(), s -> new ArrayList<>())
                        .add(type));

        Map<String, ServiceModel> services = new LinkedHashMap<>();
        exposedByService.forEach((service, types) -> {
            List<Class<?>> exposed = types.stream().<Class<?>>map(EntityType::getJavaType).toList();
            List<EntitySetModel> sets = types.stream().map(type -> entitySet(type, exposed)).toList();
            services.put(service, new ServiceModel(service, sets));
        });
        return new ServiceModels(Map.copyOf(services));
    }

    /** The EDM primitive type of a Java type ({@code Int64} for {@code Long}; {@code String} for an enumeration), or empty. */
    public static Optional<String> edmType(Class<?> javaType) {
        return javaType.isEnum() ? Optional.of("String") : Optional.ofNullable(EDM_TYPES.get(javaType));
    }

    public Optional<ServiceModel> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    public Map<String, ServiceModel> all() {
        return services;
    }

    /** {@code netAmount} becomes {@code NetAmount}, {@code id} becomes {@code ID}, unless {@link ODataName} says otherwise. */
    public static String odataName(Field field) {
        ODataName explicit = field.getAnnotation(ODataName.class);
        if (explicit != null) {
            return explicit.value();
        }
        String name = field.getName();
        if (name.equals("id")) {
            return "ID";
        }
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static EntitySetModel entitySet(EntityType<?> type, List<Class<?>> exposed) {
        if (!TenantScopedEntity.class.isAssignableFrom(type.getJavaType())) {
            // An exposed entity without a tenant would be shared by all tenants: refuse to start instead.
            throw new IllegalStateException(type.getJavaType().getName() + " is exposed over OData but does not extend "
                    + TenantScopedEntity.class.getSimpleName());
        }
        List<PropertyModel> properties = new ArrayList<>();
        List<NavigationModel> navigations = new ArrayList<>();
        List<ComplexCollectionModel> complexCollections = new ArrayList<>();
        Field version = null;
        boolean declaredKey = sortedAttributes(type).stream()
                .anyMatch(a -> a.getJavaMember() instanceof Field f && f.isAnnotationPresent(ODataKey.class));
        for (Attribute<?, ?> attribute : sortedAttributes(type)) {
            if (!(attribute.getJavaMember() instanceof Field field)) {
                throw new IllegalStateException(type.getName() + "." + attribute.getName() + " must use field access");
            }
            field.setAccessible(true);
            if (field.isAnnotationPresent(TenantId.class)) {
                continue;
            }
            if (field.isAnnotationPresent(Version.class)) {
                version = field;
                continue;
            }
            if (attribute.isAssociation()) {
                Class<?> target = attribute instanceof PluralAttribute<?, ?, ?> plural
                        ? plural.getElementType().getJavaType()
                        : attribute.getJavaType();
                if (exposed.contains(target)) {
                    navigations.add(navigation(field, target, attribute.isCollection()));
                }
                continue;
            }
            if (attribute instanceof PluralAttribute<?, ?, ?> plural
                    && plural.getElementType().getPersistenceType() == jakarta.persistence.metamodel.Type.PersistenceType.EMBEDDABLE) {
                complexCollections.add(complexCollection(field, plural.getElementType().getJavaType()));
                continue;
            }
            if (attribute instanceof SingularAttribute<?, ?> singular) {
                if (declaredKey && singular.isId()) {
                    continue; // a surrogate id behind an @ODataKey stays inside the platform
                }
                properties.add(property(field, declaredKey ? field.isAnnotationPresent(ODataKey.class) : singular.isId()));
            }
        }
        return new EntitySetModel(type.getJavaType().getAnnotation(ODataEntitySet.class).name(), type.getName(), type.getJavaType(),
                properties, navigations, version, operations(type.getJavaType(), exposed), complexCollections);
    }

    /** An element collection of an embeddable: its fields become the complex type's properties, in declaration order. */
    private static ComplexCollectionModel complexCollection(Field field, Class<?> element) {
        List<PropertyModel> properties = new ArrayList<>();
        for (Field member : element.getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(member.getModifiers()) || member.isSynthetic()) {
                continue;
            }
            member.setAccessible(true);
            properties.add(property(member, false));
        }
        return new ComplexCollectionModel(odataName(field), field.getName(), element.getSimpleName(), element, properties, field);
    }

    /** The entity's methods annotated {@link ODataAction} or {@link ODataFunction}, by name. */
    private static List<OperationModel> operations(Class<?> entity, List<Class<?>> exposed) {
        List<OperationModel> operations = new ArrayList<>();
        List<Method> methods = new ArrayList<>(List.of(entity.getMethods()));
        methods.sort(Comparator.comparing(Method::getName));
        for (Method method : methods) {
            ODataAction action = method.getAnnotation(ODataAction.class);
            ODataFunction function = method.getAnnotation(ODataFunction.class);
            if (action == null && function == null) {
                continue;
            }
            String declared = action != null ? action.name() : function.name();
            String name = declared.isEmpty() ? Character.toUpperCase(method.getName().charAt(0)) + method.getName().substring(1) : declared;
            List<OperationModel.Parameter> parameters = new ArrayList<>();
            for (java.lang.reflect.Parameter parameter : method.getParameters()) {
                ODataParameter odata = parameter.getAnnotation(ODataParameter.class);
                if (odata == null) {
                    parameters.add(new OperationModel.Parameter(null, parameter.getType(), null, false, null, null, null));
                    continue;
                }
                String edmType = parameter.getType().isEnum() ? "String" : EDM_TYPES.get(parameter.getType());
                if (edmType == null) {
                    throw new IllegalStateException(method + ": no OData type for parameter " + odata.value());
                }
                Digits digits = parameter.getAnnotation(Digits.class);
                boolean decimal = parameter.getType() == BigDecimal.class;
                Size size = parameter.getAnnotation(Size.class);
                parameters.add(new OperationModel.Parameter(odata.value(), parameter.getType(), edmType,
                        !parameter.getType().isPrimitive() && !parameter.isAnnotationPresent(NotNull.class),
                        !decimal ? null : digits != null ? digits.integer() + digits.fraction() : 15,
                        !decimal ? null : digits != null ? digits.fraction() : 2,
                        parameter.getType() == String.class ? (size != null ? size.max() : 255) : null));
            }
            ODataEntitySet exposure = entity.getAnnotation(ODataEntitySet.class);
            String[] declaredRoles = action != null ? action.roles() : function.roles();
            String[] roles = declaredRoles.length > 0 ? declaredRoles : action != null ? exposure.write() : exposure.read();
            operations.add(new OperationModel(name, action != null, method, parameters, result(method, exposed), java.util.Set.of(roles)));
        }
        return operations;
    }

    private static OperationModel.Result result(Method method, List<Class<?>> exposed) {
        Class<?> type = method.getReturnType();
        if (type == void.class) {
            return OperationModel.Result.NONE;
        }
        boolean collection = java.util.Collection.class.isAssignableFrom(type);
        if (collection) {
            if (!(method.getGenericReturnType() instanceof java.lang.reflect.ParameterizedType generic)
                    || !(generic.getActualTypeArguments()[0] instanceof Class<?> element)) {
                throw new IllegalStateException(method + ": a collection result needs its element type");
            }
            type = element;
        }
        for (Class<?> candidate : exposed) {
            if (candidate.isAssignableFrom(type)) {
                return new OperationModel.Result(candidate.getAnnotation(ODataEntitySet.class).name(), null, collection);
            }
        }
        String edmType = type.isEnum() ? "String" : EDM_TYPES.get(type);
        if (edmType == null) {
            throw new IllegalStateException(method + ": returns " + type.getName() + ", which is neither an exposed entity nor an OData primitive");
        }
        return new OperationModel.Result(null, edmType, collection);
    }

    /**
     * Key first, then the entity's own fields in declaration order, then those it inherits (from the closest
     * superclass up), so $metadata reads like the entity and shared attributes such as totals come last.
     */
    private static List<Attribute<?, ?>> sortedAttributes(EntityType<?> type) {
        List<Field> declared = new ArrayList<>();
        for (Class<?> c = type.getJavaType(); c != null && c != Object.class; c = c.getSuperclass()) {
            declared.addAll(List.of(c.getDeclaredFields()));
        }
        List<Attribute<?, ?>> attributes = new ArrayList<>(type.getAttributes());
        attributes.sort(Comparator
                .comparing((Attribute<?, ?> a) -> !(a instanceof SingularAttribute<?, ?> s && s.isId()
                        || a.getJavaMember() instanceof Field f && f.isAnnotationPresent(ODataKey.class)))
                .thenComparing(a -> declared.indexOf((Field) a.getJavaMember())));
        return attributes;
    }

    private static PropertyModel property(Field field, boolean key) {
        Class<?> javaType = field.getType();
        String edmType = javaType.isEnum() ? "String" : EDM_TYPES.get(javaType);
        if (edmType == null) {
            throw new IllegalStateException("No OData type for " + field + " of type " + javaType.getName());
        }
        Column column = field.getAnnotation(Column.class);
        Size size = field.getAnnotation(Size.class);
        boolean nullable = !javaType.isPrimitive() && !key && !field.isAnnotationPresent(NotNull.class)
                && (column == null || column.nullable());
        Integer maxLength = null;
        if (javaType == String.class) {
            maxLength = size != null && size.max() < Integer.MAX_VALUE ? size.max() : column != null ? column.length() : 255;
        }
        Integer precision = null;
        Integer scale = null;
        if (javaType == BigDecimal.class) {
            precision = column != null && column.precision() > 0 ? column.precision() : 19;
            scale = column != null && column.scale() > 0 ? column.scale() : 2;
        }
        // Values the platform computes: generated keys and creation/modification timestamps.
        boolean generated = key && field.isAnnotationPresent(GeneratedValue.class)
                || field.isAnnotationPresent(CreationTimestamp.class) || field.isAnnotationPresent(UpdateTimestamp.class)
                || field.isAnnotationPresent(Computed.class);
        boolean immutable = !generated && !key && column != null && !column.updatable();
        return new PropertyModel(odataName(field), field.getName(), javaType, edmType, nullable, maxLength, precision,
                scale, key, generated, immutable, field);
    }

    private static NavigationModel navigation(Field field, Class<?> target, boolean collection) {
        String partner = null;
        OneToMany oneToMany = field.getAnnotation(OneToMany.class);
        OneToOne oneToOne = field.getAnnotation(OneToOne.class);
        String mappedBy = oneToMany != null ? oneToMany.mappedBy() : oneToOne != null ? oneToOne.mappedBy() : "";
        if (!mappedBy.isEmpty()) {
            partner = partnerName(target, mappedBy);
        } else {
            // The owning side names its partner if the target maps this association back.
            for (Class<?> c = target; c != null && c != Object.class && partner == null; c = c.getSuperclass()) {
                for (Field candidate : c.getDeclaredFields()) {
                    OneToMany back = candidate.getAnnotation(OneToMany.class);
                    if (back != null && back.mappedBy().equals(field.getName())) {
                        partner = odataName(candidate);
                    }
                }
            }
        }
        ManyToOne manyToOne = field.getAnnotation(ManyToOne.class);
        JoinColumn joinColumn = field.getAnnotation(JoinColumn.class);
        boolean nullable = collection
                || ((manyToOne == null || manyToOne.optional()) && (joinColumn == null || joinColumn.nullable())
                && !field.isAnnotationPresent(NotNull.class));
        return new NavigationModel(odataName(field), field.getName(), target, collection, nullable, partner, field);
    }

    private static String partnerName(Class<?> target, String attribute) {
        for (Class<?> c = target; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                return odataName(c.getDeclaredField(attribute));
            } catch (NoSuchFieldException e) {
                // keep looking in the superclass
            }
        }
        return null;
    }
}
