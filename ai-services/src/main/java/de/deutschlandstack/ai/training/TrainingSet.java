package de.deutschlandstack.ai.training;

import de.deutschlandstack.ai.serving.InvalidModel;
import jakarta.json.Json;
import jakarta.json.stream.JsonParser;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training data of one dataset as the lake computed it: for each row its key, features and labels, in the lake's
 * order (oldest first), and the Delta version of each table it was computed from.
 */
public record TrainingSet(String dataset, String asOf, Map<String, Long> tables, List<String> features, List<String> labels,
                          List<String> keys, float[][] x, float[][] y, boolean truncated) {

    public int rows() {
        return keys.size();
    }

    public int label(String name) {
        int index = labels.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("The dataset has no label " + name + ": " + labels);
        }
        return index;
    }

    /** Reads the lake's answer ({@code GET /datasets/<name>}) as it streams: no tree of the whole body is built. */
    public static TrainingSet fromLake(String body) {
        String dataset = null;
        String asOf = null;
        Map<String, Long> tables = new LinkedHashMap<>();
        List<String> features = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<float[]> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        boolean truncated = false;
        try (JsonParser json = Json.createParser(new StringReader(body))) {
            expect(json, JsonParser.Event.START_OBJECT);
            while (json.next() == JsonParser.Event.KEY_NAME) {
                String member = json.getString();
                switch (member) {
                    case "dataset" -> dataset = text(json);
                    case "asOf" -> asOf = text(json);
                    case "truncated" -> truncated = json.next() == JsonParser.Event.VALUE_TRUE;
                    case "key" -> text(json);
                    case "tables" -> {
                        expect(json, JsonParser.Event.START_OBJECT);
                        while (json.next() == JsonParser.Event.KEY_NAME) {
                            String table = json.getString();
                            json.next();
                            tables.put(table, json.getLong());
                        }
                    }
                    case "features" -> strings(json, features);
                    case "labels" -> strings(json, labels);
                    case "rows" -> {
                        expect(json, JsonParser.Event.START_ARRAY);
                        while (json.next() == JsonParser.Event.START_ARRAY) {
                            json.next();
                            keys.add(json.getString());
                            float[] row = new float[features.size()];
                            float[] target = new float[labels.size()];
                            for (int i = 0; i < row.length; i++) {
                                row[i] = number(json);
                            }
                            for (int i = 0; i < target.length; i++) {
                                target[i] = number(json);
                            }
                            expect(json, JsonParser.Event.END_ARRAY);
                            x.add(row);
                            y.add(target);
                        }
                    }
                    default -> json.skipObject();
                }
            }
        } catch (RuntimeException e) {
            if (e instanceof InvalidModel invalid) {
                throw invalid;
            }
            throw new IllegalStateException("The lake's dataset could not be read: " + e.getMessage(), e);
        }
        return new TrainingSet(dataset, asOf, tables, features, labels, keys, x.toArray(float[][]::new),
                y.toArray(float[][]::new), truncated);
    }

    private static void expect(JsonParser json, JsonParser.Event event) {
        JsonParser.Event next = json.next();
        if (next != event) {
            throw new IllegalStateException("Expected " + event + ", found " + next);
        }
    }

    private static String text(JsonParser json) {
        return json.next() == JsonParser.Event.VALUE_NULL ? null : json.getString();
    }

    private static void strings(JsonParser json, List<String> into) {
        expect(json, JsonParser.Event.START_ARRAY);
        while (json.next() == JsonParser.Event.VALUE_STRING) {
            into.add(json.getString());
        }
    }

    /** A number; a missing value (null) is NaN, which training leaves out. */
    private static float number(JsonParser json) {
        JsonParser.Event event = json.next();
        if (event == JsonParser.Event.VALUE_NULL) {
            return Float.NaN;
        }
        BigDecimal value = json.getBigDecimal();
        return value.floatValue();
    }
}
