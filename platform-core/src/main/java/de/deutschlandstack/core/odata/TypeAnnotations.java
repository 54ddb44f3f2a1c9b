package de.deutschlandstack.core.odata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.EdmProperty;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.ODataApplicationException;

import java.io.IOException;

/**
 * Refuses a request body whose {@code @odata.type} annotations contradict the entity's type: Olingo's deserializer
 * drops a property's {@code Name@odata.type} unread, so {@code "Name@odata.type":"#Edm.Int32"} would pass for a
 * string, and answers a wrong entity type with a message of its own making.
 */
final class TypeAnnotations {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String ANNOTATION = "@odata.type";

    private TypeAnnotations() {
    }

    static void check(byte[] body, EdmEntityType type) throws ODataApplicationException {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.endsWith(ANNOTATION) && value == JsonToken.VALUE_STRING) {
                    String given = parser.getText().startsWith("#") ? parser.getText().substring(1) : parser.getText();
                    String property = field.substring(0, field.length() - ANNOTATION.length());
                    String expected = property.isEmpty() ? type.getFullQualifiedName().getFullQualifiedNameAsString()
                            : expectedType(type, property);
                    if (expected != null && !matches(given, expected)) {
                        throw ErrorMapping.error(HttpStatusCode.BAD_REQUEST, (property.isEmpty() ? "The entity" : property)
                                + " is of type " + expected + ", not " + given);
                    }
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            // The servlet has checked that the body is one JSON value; anything else is Olingo's to report.
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper TREE = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * The body without annotations of properties it leaves out ({@code "Note@com.example.source": "import"} and no
     * {@code Note}): clients may send any annotation, and the service ignores those it does not know, but Olingo's
     * deserializer fails on one whose property is missing. The body as it is when it has none.
     */
    static byte[] withoutOrphanAnnotations(byte[] body) {
        if (indexOf(body, (byte) '@') < 0) {
            return body;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode tree = TREE.readTree(body);
            return removeOrphans(tree) ? TREE.writeValueAsBytes(tree) : body;
        } catch (IOException e) {
            return body;
        }
    }

    private static boolean removeOrphans(com.fasterxml.jackson.databind.JsonNode node) {
        boolean removed = false;
        if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
            for (com.fasterxml.jackson.databind.JsonNode element : array) {
                removed |= removeOrphans(element);
            }
        } else if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            java.util.List<String> orphans = new java.util.ArrayList<>();
            object.fieldNames().forEachRemaining(field -> {
                int at = field.indexOf('@');
                if (at > 0 && !field.endsWith("@odata.bind") && !object.has(field.substring(0, at))) {
                    orphans.add(field);
                }
            });
            object.remove(orphans);
            removed = !orphans.isEmpty();
            for (com.fasterxml.jackson.databind.JsonNode value : object) {
                removed |= removeOrphans(value);
            }
        }
        return removed;
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static String expectedType(EdmEntityType type, String property) {
        EdmProperty edmProperty = type.getStructuralProperty(property);
        return edmProperty == null ? null : edmProperty.getType().getFullQualifiedName().getFullQualifiedNameAsString();
    }

    /** {@code Edm.Int32} may be written {@code Int32}, as OData allows for primitive types. */
    private static boolean matches(String given, String expected) {
        return given.equals(expected) || expected.startsWith("Edm.") && given.equals(expected.substring(4));
    }
}
