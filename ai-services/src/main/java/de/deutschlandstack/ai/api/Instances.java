package de.deutschlandstack.ai.api;

import de.deutschlandstack.core.web.RequestRefused;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A prediction request's body read against the model's declared features: {@code {"instances": [...]}}, each instance
 * an object with every feature by name ({@code {"amount": 1200.5, "daysToDue": 30}}) or an array of the features in
 * order. Anything else is a 400 that names the expected schema.
 */
final class Instances {

    private Instances() {
    }

    static float[][] read(InputStream body, List<String> features, int maxInstances, int maxBytes) {
        JsonValue value;
        try (JsonParser parser = Json.createParser(new BoundedStream(body, maxBytes, features))) {
            if (!parser.hasNext()) {
                throw refused(features, maxInstances, "the body is empty");
            }
            parser.next();
            value = parser.getValue();
        } catch (JsonParsingException | IllegalStateException | java.util.NoSuchElementException
                 | UnsupportedOperationException | ArithmeticException | NumberFormatException e) {
            // Parsson refuses numbers past its bounds of length and scale with the latter exceptions.
            throw refused(features, maxInstances, "the body is not JSON");
        } catch (jakarta.json.JsonException e) {
            if (e.getCause() instanceof RequestRefused refused) {
                throw refused;
            }
            throw refused(features, maxInstances, "the body is not JSON");
        }
        if (!(value instanceof JsonObject object) || !(object.get("instances") instanceof JsonArray instances)) {
            throw refused(features, maxInstances, "it has no array \"instances\"");
        }
        Set<String> extra = new java.util.TreeSet<>(object.keySet());
        extra.remove("instances");
        if (!extra.isEmpty()) {
            throw refused(features, maxInstances, "it has members besides \"instances\": " + extra);
        }
        if (instances.isEmpty() || instances.size() > maxInstances) {
            throw refused(features, maxInstances, "it has " + instances.size() + " instances");
        }
        float[][] rows = new float[instances.size()][];
        for (int i = 0; i < instances.size(); i++) {
            rows[i] = row(instances.get(i), i, features, maxInstances);
        }
        return rows;
    }

    private static float[] row(JsonValue instance, int index, List<String> features, int maxInstances) {
        float[] row = new float[features.size()];
        if (instance instanceof JsonArray values) {
            if (values.size() != features.size()) {
                throw refused(features, maxInstances, "instance " + index + " has " + values.size() + " values, not "
                        + features.size());
            }
            for (int f = 0; f < row.length; f++) {
                row[f] = number(values.get(f), index, features.get(f), features, maxInstances);
            }
            return row;
        }
        if (instance instanceof JsonObject object) {
            for (int f = 0; f < row.length; f++) {
                JsonValue value = object.get(features.get(f));
                if (value == null) {
                    throw refused(features, maxInstances, "instance " + index + " lacks \"" + features.get(f) + "\"");
                }
                row[f] = number(value, index, features.get(f), features, maxInstances);
            }
            if (object.size() != features.size()) {
                List<String> unknown = object.keySet().stream().filter(k -> !features.contains(k)).sorted().toList();
                throw refused(features, maxInstances, "instance " + index + " has members the model does not read: "
                        + truncated(unknown));
            }
            return row;
        }
        throw refused(features, maxInstances, "instance " + index + " is neither an object nor an array");
    }

    private static float number(JsonValue value, int index, String feature, List<String> features, int maxInstances) {
        if (value instanceof JsonNumber number) {
            double d = number.doubleValue();
            if (Double.isFinite(d) && Math.abs(d) <= Float.MAX_VALUE) {
                return (float) d;
            }
        }
        throw refused(features, maxInstances, "instance " + index + ": \"" + feature + "\" is not a finite number");
    }

    static RequestRefused refused(List<String> features, int maxInstances, String problem) {
        return new RequestRefused(400, "Expected " + schema(features) + " with 1 to " + maxInstances
                + " instances (or each instance as an array of the numbers in that order); " + problem);
    }

    /** The expected body, in one line: {@code {"instances": [{"amount": number, ...}]}}. */
    static String schema(List<String> features) {
        Map<String, String> example = new LinkedHashMap<>();
        features.forEach(f -> example.put(f, "number"));
        StringBuilder text = new StringBuilder("{\"instances\": [{");
        int shown = 0;
        for (String feature : example.keySet()) {
            if (shown == 20) {
                text.append(", ... (").append(features.size()).append(" features)");
                break;
            }
            text.append(shown++ == 0 ? "" : ", ").append('"').append(feature).append("\": number");
        }
        return text.append("}]}").toString();
    }

    private static String truncated(List<String> names) {
        List<String> shown = new ArrayList<>();
        for (String name : names) {
            if (shown.size() == 5) {
                shown.add("...");
                break;
            }
            shown.add(name.length() > 64 ? name.substring(0, 64) + "..." : name);
        }
        return shown.toString();
    }

    /** The body, cut off with a 413 past the bound: no client makes the server buffer more. */
    private static final class BoundedStream extends InputStream {
        private final InputStream in;
        private final int max;
        private final List<String> features;
        private long read;

        BoundedStream(InputStream in, int max, List<String> features) {
            this.in = in;
            this.max = max;
            this.features = features;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw new RequestRefused(413, "A prediction request is at most " + max + " bytes; send fewer instances");
            }
        }
    }
}
