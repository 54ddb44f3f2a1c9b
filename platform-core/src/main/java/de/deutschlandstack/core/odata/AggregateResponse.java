package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.web.JsonValues;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import de.deutschlandstack.core.odata.TargetResolution.Target;
import de.deutschlandstack.core.odata.query.Aggregation;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.ODataResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON of an {@code $apply} result: one object per group, grouped paths nested as in the entity
 * ({@code {"Customer": {"City": "München"}, "Total": 1234.50}}), names given with {@code as} as dynamic properties
 * with their type ({@code "Total@odata.type": "#Decimal"}). Olingo's serializer writes only declared properties.
 */
final class AggregateResponse {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Map<Class<?>, String> TYPES = Map.of(BigDecimal.class, "Decimal", Long.class, "Int64",
            Double.class, "Double", java.time.LocalDate.class, "Date", java.time.Instant.class, "DateTimeOffset");

    private AggregateResponse() {
    }

    static void write(ODataResponse response, Target target, Aggregation.Result result, URI next, ContentType format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            List<String> names = new ArrayList<>();
            for (Aggregation.Column column : result.columns()) {
                names.add(column.path().get(0));
            }
            json.writeStringField("@odata.context", "$metadata#" + target.set().name() + "(" + String.join(",", names.stream().distinct().toList()) + ")");
            json.writeArrayFieldStart("value");
            for (Object[] row : result.rows()) {
                json.writeStartObject();
                json.writeNullField("@odata.id");
                writeRow(json, result.columns(), row, target);
                json.writeEndObject();
            }
            json.writeEndArray();
            if (next != null) {
                json.writeStringField("@odata.nextLink", next.toString());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        response.setContent(new ByteArrayInputStream(out.toByteArray()));
        response.setStatusCode(HttpStatusCode.OK.getStatusCode());
        response.setHeader(HttpHeader.CONTENT_TYPE, ContentType.APPLICATION_JSON.toContentTypeString() + ";odata.metadata=minimal");
    }

    /** Columns in order; those sharing a navigation prefix are written inside one nested object. */
    private static void writeRow(JsonGenerator json, List<Aggregation.Column> columns, Object[] row, Target target) throws IOException {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            order.add(i);
        }
        // Columns under the same navigation are written together, in one nested object each.
        order.sort(java.util.Comparator.comparing(i -> String.join("/", columns.get(i).path().subList(0, columns.get(i).path().size() - 1))));
        List<String> open = List.of();
        for (int i : order) {
            List<String> path = columns.get(i).path();
            List<String> parents = path.subList(0, path.size() - 1);
            int common = 0;
            while (common < open.size() && common < parents.size() && open.get(common).equals(parents.get(common))) {
                common++;
            }
            for (int close = open.size(); close > common; close--) {
                json.writeEndObject();
            }
            for (int start = common; start < parents.size(); start++) {
                json.writeObjectFieldStart(parents.get(start));
            }
            open = parents;
            String name = path.get(path.size() - 1);
            boolean dynamic = path.size() == 1 && target.set().property(name).isEmpty();
            if (dynamic && TYPES.containsKey(columns.get(i).javaType()) && row[i] != null) {
                json.writeStringField(name + "@odata.type", "#" + TYPES.get(columns.get(i).javaType()));
            }
            json.writeFieldName(name);
            JsonValues.write(json, row[i]);
        }
        for (int close = open.size(); close > 0; close--) {
            json.writeEndObject();
        }
    }
}
