package de.deutschlandstack.core.web;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.math.BigDecimal;

/** How the platform writes a plain Java value of an entity into JSON that is not OData's own (change log, exports). */
public final class JsonValues {

    private JsonValues() {
    }

    /** Decimals exactly, whole numbers as such, enums by name, dates and everything else as their ISO text. */
    public static void write(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof BigDecimal decimal) {
            json.writeNumber(decimal);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number number) {
            json.writeNumber(number.doubleValue());
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Enum<?> constant) {
            json.writeString(constant.name());
        } else {
            json.writeString(value.toString());
        }
    }
}
