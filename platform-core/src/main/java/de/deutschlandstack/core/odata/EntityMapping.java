package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.audit.RequestAudit;
import de.deutschlandstack.core.odata.model.ComplexCollectionModel;
import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.PropertyModel;
import de.deutschlandstack.core.odata.query.EntityQueries;
import de.deutschlandstack.core.odata.query.QueryException;
import de.deutschlandstack.core.odata.query.Values;
import org.apache.olingo.commons.api.data.ComplexValue;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.Property;
import org.apache.olingo.commons.api.data.ValueType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeException;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.uri.queryoption.SelectOption;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Copies values between JPA entities and Olingo's {@link Entity}, guided by the {@link EntitySetModel}. */
final class EntityMapping {

    private final OData odata;
    private final String namespace;

    /** The most values one complex collection may hold in a write (addresses of a partner: a handful). */
    static final int MAX_COMPLEX_VALUES = 100;

    EntityMapping(OData odata, String namespace) {
        this.odata = odata;
        this.namespace = namespace;
    }

    /** An entity in Olingo's form from a row in the {@link EntitySetModel#row(Object)} shape. */
    Entity toOData(EntitySetModel set, Object[] row) {
        Entity entity = new IdentifiedLazily(this, set, row[set.keyIndex()]);
        // The type is written with odata.metadata=full.
        entity.setType(namespace + "." + set.typeName());
        List<PropertyModel> properties = set.properties();
        for (int i = 0; i < properties.size(); i++) {
            Object value = row[i];
            if (value instanceof Enum<?> constant) {
                value = constant.name();
            } else if (value instanceof Instant instant) {
                // Edm.DateTimeOffset is declared with microsecond precision, as the databases store it.
                value = instant.truncatedTo(ChronoUnit.MICROS);
            }
            entity.addProperty(new Property(null, properties.get(i).name(), ValueType.PRIMITIVE, value));
        }
        set.version(row).ifPresent(version -> entity.setETag(etag(version)));
        if (set.personalData() != null) {
            RequestAudit.read(set.name(), set.personalData(), row[set.keyIndex()]);
        }
        return entity;
    }

    /** An entity in Olingo's form from a JPA entity, e.g. after a write; with its complex collections. */
    Entity toODataFromEntity(EntitySetModel set, Object source) {
        Entity entity = toOData(set, set.row(source));
        for (ComplexCollectionModel collection : set.complexCollections()) {
            List<Object[]> values = new ArrayList<>();
            for (Object element : collection.read(source)) {
                values.add(collection.properties().stream().map(p -> p.read(element)).toArray());
            }
            entity.addProperty(complexProperty(collection, values));
        }
        return entity;
    }

    /**
     * Adds the complex collections ({@code Addresses}) that {@code $select} asks for to a page's entities (one per row):
     * one query per collection for the whole page, none when the select leaves them out.
     */
    void addComplexValues(EntitySetModel set, List<Object[]> rows, List<Entity> entities, SelectOption select, EntityQueries queries) {
        if (rows.isEmpty()) {
            return;
        }
        List<Object> keys = rows.stream().map(row -> row[set.keyIndex()]).toList();
        for (ComplexCollectionModel collection : set.complexCollections()) {
            if (!selected(select, collection.name())) {
                continue;
            }
            Map<Object, List<Object[]>> values = queries.complexValues(set, collection, keys);
            for (int i = 0; i < rows.size(); i++) {
                entities.get(i).addProperty(complexProperty(collection, values.getOrDefault(keys.get(i), List.of())));
            }
        }
    }

    private static boolean selected(SelectOption select, String name) {
        return select == null || select.getSelectItems().stream().anyMatch(item -> item.isStar() || item.getResourcePath() != null
                && item.getResourcePath().getUriResourceParts().get(0).getSegmentValue().equals(name));
    }

    private static Property complexProperty(ComplexCollectionModel collection, List<Object[]> values) {
        List<ComplexValue> complexValues = new ArrayList<>(values.size());
        for (Object[] value : values) {
            ComplexValue complex = new ComplexValue();
            for (int i = 0; i < collection.properties().size(); i++) {
                Object field = value[i] instanceof Enum<?> constant ? constant.name() : value[i];
                complex.getValue().add(new Property(null, collection.properties().get(i).name(), ValueType.PRIMITIVE, field));
            }
            complexValues.add(complex);
        }
        return new Property(null, collection.name(), ValueType.COLLECTION_COMPLEX, complexValues);
    }

    /** The ETags of the first versions, which most entities have: a read writes one per entity. */
    private static final String[] FIRST_ETAGS = java.util.stream.IntStream.range(0, 256)
            .mapToObj(version -> "W/\"" + version + "\"").toArray(String[]::new);

    static String etag(long version) {
        return version >= 0 && version < FIRST_ETAGS.length ? FIRST_ETAGS[(int) version] : "W/\"" + version + "\"";
    }

    /**
     * Writes the client's values into a JPA entity. With {@code replace} (PUT) every property the body leaves out
     * is reset; otherwise (POST, PATCH) only the properties the body names change. Computed properties (generated keys
     * among them) are never written; keys clients name and immutable properties only on creation ({@code creating}).
     */
    void apply(EntitySetModel set, Entity body, Object target, boolean replace, boolean creating) {
        for (PropertyModel property : set.properties()) {
            // A key the client names (a code) is written once, on creation; a generated one never.
            if (property.readOnly() || (property.key() || property.immutable()) && !creating) {
                continue;
            }
            Property given = body.getProperty(property.name());
            if (given == null && !replace) {
                continue;
            }
            Object value = given == null ? null : given.getValue();
            if (value == null && property.javaType().isPrimitive()) {
                if (given != null) {
                    throw QueryException.badRequest("The property " + property.name() + " cannot be null");
                }
                // PUT resets what the body leaves out: a primitive to its default (validation then speaks up).
                value = java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(property.javaType(), 1), 0);
            }
            try {
                property.write(target, Values.convert(value, property.javaType()));
            } catch (Values.InvalidValueException e) {
                throw QueryException.badRequest("Invalid value for " + property.name() + ": " + e.getMessage());
            }
        }
        for (ComplexCollectionModel collection : set.complexCollections()) {
            Property given = body.getProperty(collection.name());
            if (given == null && !replace) {
                continue;
            }
            if (given != null && given.getValue() == null) {
                throw QueryException.badRequest(collection.name() + " is a collection and never null; send [] for none");
            }
            collection.replace(target, given == null ? List.of() : elements(collection, given));
        }
    }

    /** The values of a complex collection as the body gives them, each a new element; a value leaves out what is null. */
    private static List<Object> elements(ComplexCollectionModel collection, Property given) {
        if (!given.isCollection() || !(given.getValue() instanceof List<?> values)) {
            throw QueryException.badRequest(collection.name() + " must be an array of " + collection.typeName() + " values");
        }
        if (values.size() > MAX_COMPLEX_VALUES) {
            throw QueryException.badRequest(collection.name() + " holds " + values.size() + " values; the limit is " + MAX_COMPLEX_VALUES);
        }
        List<Object> elements = new ArrayList<>(values.size());
        for (Object value : values) {
            if (!(value instanceof ComplexValue complex)) {
                throw QueryException.badRequest(collection.name() + " must be an array of " + collection.typeName() + " objects");
            }
            Object element = collection.newElement();
            for (Property field : complex.getValue()) {
                PropertyModel property = collection.property(field.getName())
                        .orElseThrow(() -> QueryException.badRequest(collection.typeName() + " has no property " + field.getName()));
                try {
                    property.write(element, Values.convert(field.getValue(), property.javaType()));
                } catch (Values.InvalidValueException e) {
                    throw QueryException.badRequest("Invalid value for " + collection.name() + "/" + field.getName() + ": " + e.getMessage());
                }
            }
            elements.add(element);
        }
        return elements;
    }

    /** The key as it appears in a URL: {@code 7} for Int64, {@code 'A-1'} for String. */
    String keyLiteral(EntitySetModel set, Object key) {
        EdmPrimitiveType type = keyType(set);
        try {
            return type.toUriLiteral(type.valueToString(key, false, null, null, null, null));
        } catch (EdmPrimitiveTypeException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The inverse of {@link #keyLiteral}: the key in its Java type, or a 400 for a literal that is not one. */
    Object keyOf(EntitySetModel set, String literal) {
        EdmPrimitiveType type = keyType(set);
        try {
            Object natural = type.valueOfString(type.fromUriLiteral(literal), false, null, null, null, true, type.getDefaultType());
            return Values.convert(natural, set.key().javaType());
        } catch (EdmPrimitiveTypeException | IllegalArgumentException e) {
            throw QueryException.badRequest("The key " + literal + " is not a valid " + set.key().edmType());
        }
    }

    private EdmPrimitiveType keyType(EntitySetModel set) {
        return odata.createPrimitiveTypeInstance(EdmPrimitiveTypeKind.valueOf(set.key().edmType()));
    }

    /**
     * An entity whose id ({@code SalesOrders(7)}) is built when it is first asked for. Olingo's JSON serializer asks
     * only with full metadata or a {@code $select} without the key, and building it (the key literal through the Edm
     * type, a URI parse) took ~7 % of the runtime's time for a read of 100 rows (JFR). Whoever asks gets the same id.
     */
    private static final class IdentifiedLazily extends Entity {
        private final EntityMapping mapping;
        private final EntitySetModel set;
        private final Object key;

        IdentifiedLazily(EntityMapping mapping, EntitySetModel set, Object key) {
            this.mapping = mapping;
            this.set = set;
            this.key = key;
        }

        @Override
        public URI getId() {
            if (super.getId() == null) {
                setId(URI.create(set.name() + "(" + mapping.keyLiteral(set, key) + ")"));
            }
            return super.getId();
        }

        // Olingo compares the id field: build it first, so that equality is that of an entity given its id at once.
        @Override
        public boolean equals(Object other) {
            getId();
            if (other instanceof IdentifiedLazily lazy) {
                lazy.getId();
            }
            return super.equals(other);
        }

        @Override
        public int hashCode() {
            getId();
            return super.hashCode();
        }
    }
}
