package de.deutschlandstack.core.odata;

import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.commons.codec.DecoderException;
import org.apache.olingo.commons.api.constants.Constantsv00;
import org.apache.olingo.commons.api.data.Linked;
import org.apache.olingo.commons.api.data.Property;
import org.apache.olingo.commons.api.edm.EdmPrimitiveType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeException;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.EdmProperty;
import org.apache.olingo.commons.api.edm.EdmStructuredType;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.core.edm.primitivetype.EdmPrimitiveTypeFactory;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.serializer.ODataSerializer;
import org.apache.olingo.server.api.serializer.SerializerException;
import org.apache.olingo.server.api.uri.queryoption.ExpandOption;
import org.apache.olingo.server.api.uri.queryoption.SelectOption;
import org.apache.olingo.server.core.serializer.json.ODataJsonSerializer;
import org.apache.olingo.server.core.serializer.utils.ExpandSelectHelper;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;

/**
 * Olingo's JSON serializer with two of its per-value steps made cheaper, writing the same text: entity collections
 * were two fifths of an OData read's time, and most of that went to formatting {@code Edm.DateTimeOffset} values
 * through {@link java.time.format.DateTimeFormatter} and to the sets Olingo allocates per entity for {@code $select}
 * and {@code $expand} when there are none. Anything else (a {@code $select}, an {@code $expand}, other types and
 * values) takes Olingo's own path. {@code PlatformJsonSerializerTest} holds the two to the same output.
 */
final class PlatformJsonSerializer extends ODataJsonSerializer {

    private static final EdmPrimitiveType DATE_TIME_OFFSET = EdmPrimitiveTypeFactory.getInstance(EdmPrimitiveTypeKind.DateTimeOffset);
    private static final EdmPrimitiveType INT64 = EdmPrimitiveTypeFactory.getInstance(EdmPrimitiveTypeKind.Int64);
    private static final EdmPrimitiveType INT32 = EdmPrimitiveTypeFactory.getInstance(EdmPrimitiveTypeKind.Int32);

    /** {@code IEEE754Compatible=true}: Int64 and Decimal values are written as strings. */
    private final boolean ieee754Compatible;

    private PlatformJsonSerializer(ContentType format) {
        super(format, new Constantsv00());
        this.ieee754Compatible = "true".equalsIgnoreCase(format.getParameter(ContentType.PARAMETER_IEEE754_COMPATIBLE));
    }

    /**
     * The serializer for the format: this one for JSON, where {@link OData#createSerializer(ContentType)} gives
     * Olingo's JSON serializer; Olingo's for anything else.
     */
    static ODataSerializer of(OData odata, ContentType format) throws SerializerException {
        String metadata = format.getParameter(ContentType.PARAMETER_ODATA_METADATA);
        boolean json = format.isCompatible(ContentType.APPLICATION_JSON) && (metadata == null
                || metadata.equalsIgnoreCase(ContentType.VALUE_ODATA_METADATA_MINIMAL)
                || metadata.equalsIgnoreCase(ContentType.VALUE_ODATA_METADATA_NONE)
                || metadata.equalsIgnoreCase(ContentType.VALUE_ODATA_METADATA_FULL));
        return json ? new PlatformJsonSerializer(format) : odata.createSerializer(format);
    }

    /**
     * With every property selected and nothing expanded: the entity's properties in its type's order, without the
     * two sets Olingo builds per entity for selections and expansions there are none of. The platform's entities list
     * their properties in that order, so each is found where it is expected.
     */
    @Override
    protected void writeProperties(ServiceMetadata metadata, EdmStructuredType type, List<Property> properties, SelectOption select,
                                   JsonGenerator json, Linked linked, ExpandOption expand)
            throws IOException, SerializerException, DecoderException {
        if (!ExpandSelectHelper.isAll(select) || ExpandSelectHelper.hasExpand(expand)) {
            super.writeProperties(metadata, type, properties, select, json, linked, expand);
            return;
        }
        int expected = 0;
        for (String name : type.getPropertyNames()) {
            Property property;
            if (expected < properties.size() && name.equals(properties.get(expected).getName())) {
                property = properties.get(expected++);
            } else {
                property = find(name, properties);
            }
            EdmProperty edmProperty = type.getStructuralProperty(name);
            writeProperty(metadata, edmProperty, property, null, json, Collections.emptySet(), linked, expand);
        }
    }

    private static Property find(String name, List<Property> properties) {
        for (Property property : properties) {
            if (name.equals(property.getName())) {
                return property;
            }
        }
        return null;
    }

    /**
     * {@code Edm.DateTimeOffset} of an instant and whole numbers written directly, without the string Olingo makes of
     * each value first; every other value as Olingo writes it.
     */
    @Override
    protected void writePrimitiveValue(String name, EdmPrimitiveType type, Object value, Boolean isNullable, Integer maxLength,
                                       Integer precision, Integer scale, Boolean isUnicode, JsonGenerator json)
            throws EdmPrimitiveTypeException, IOException {
        if (type == DATE_TIME_OFFSET && (value instanceof Instant || value instanceof Timestamp)) {
            String text = dateTimeOffset(value instanceof Instant instant ? instant : ((Timestamp) value).toInstant());
            if (text != null) {
                json.writeString(text);
                return;
            }
        }
        if (type == INT64 && value instanceof Long number && !ieee754Compatible) {
            json.writeNumber(number);
            return;
        }
        if (type == INT32 && value instanceof Integer number) {
            json.writeNumber(number);
            return;
        }
        super.writePrimitiveValue(name, type, value, isNullable, maxLength, precision, scale, isUnicode, json);
    }

    /**
     * The instant in UTC as Olingo's {@code EdmDateTimeOffset} writes it: {@code 2026-11-27T09:05:00Z}, a fraction of a
     * second only when there is one, without trailing zeros ({@code .25}); null for a year outside 0 to 9999, which
     * Olingo's own path writes.
     */
    static String dateTimeOffset(Instant instant) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        int year = time.getYear();
        if (year < 0 || year > 9999) {
            return null;
        }
        char[] text = new char[30];
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, time.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, time.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, time.getHour(), 2);
        text[13] = ':';
        digits(text, 14, time.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, time.getSecond(), 2);
        int length = 19;
        int nanos = time.getNano();
        if (nanos > 0) {
            text[19] = '.';
            digits(text, 20, nanos, 9);
            length = 29;
            while (text[length - 1] == '0') {
                length--;
            }
        }
        text[length++] = 'Z';
        return new String(text, 0, length);
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
