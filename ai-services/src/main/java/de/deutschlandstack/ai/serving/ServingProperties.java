package de.deutschlandstack.ai.serving;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A model directory's {@code serving.properties}, in DJL Serving's keys, so that a model directory that runs in DJL
 * Serving runs here: {@code engine}, {@code batch_size}, {@code max_batch_delay} (ms), {@code minWorkers},
 * {@code maxWorkers}, {@code job_queue_size}, {@code load_on_devices}, {@code blockFactory}, {@code translatorFactory}
 * and {@code option.*} (the engine's options, passed on as they are). Two keys are the platform's own and describe the
 * model's contract to its callers: {@code features} (the input columns, in the order the model reads them) and
 * {@code outputs} (the names of its output columns).
 */
public record ServingProperties(String engine, List<String> features, List<String> outputs, int batchSize,
                                int maxBatchDelayMillis, int minWorkers, int maxWorkers, int jobQueueSize,
                                String loadOnDevices, String blockFactory, String translatorFactory, Scaling scaling,
                                Map<String, String> options, Map<String, String> arguments) {

    /**
     * What the platform's translator does around the model, so that a model trained on standardised columns is called
     * with the callers' own numbers: each feature becomes {@code (x - mean) / scale} ({@code feature_means},
     * {@code feature_scales}), each output {@code activation(y) * scale + mean} ({@code output_activation}: none or
     * sigmoid; {@code output_means}, {@code output_scales}).
     */
    public record Scaling(float[] featureMeans, float[] featureScales, String outputActivation, float[] outputMeans,
                          float[] outputScales) {

        public static final Scaling NONE = new Scaling(null, null, "none", null, null);

        public boolean sigmoid() {
            return "sigmoid".equals(outputActivation);
        }
    }

    public static final String FILE_NAME = "serving.properties";

    /** The engines the platform's server carries, by DJL's names. */
    public static final Set<String> ENGINES = Set.of("PyTorch", "OnnxRuntime", "XGBoost");

    /** DJL Serving's defaults, where the file says nothing. */
    static final int DEFAULT_BATCH_SIZE = 1;
    static final int DEFAULT_MAX_BATCH_DELAY_MILLIS = 100;
    static final int DEFAULT_JOB_QUEUE_SIZE = 1000;

    /**
     * The engine options ({@code option.*}) a model directory may set. Others are refused: engines act on options by
     * loading native libraries ({@code customOpLibrary}), writing files ({@code profilerOutput}), reading other files
     * ({@code modelName} as a path) or taking every core ({@code interOpNumThreads}).
     */
    public static final Set<String> OPTIONS = Set.of("modelName", "mapLocation", "extraFiles");

    /** Bounds that keep one model from taking the server: no batch, delay, pool or queue beyond them. */
    public static final int MAX_BATCH_SIZE = 1024;
    public static final int MAX_BATCH_DELAY_MILLIS = 10_000;
    public static final int MAX_WORKERS = 64;
    public static final int MAX_JOB_QUEUE_SIZE = 100_000;
    public static final int MAX_FEATURES = 4096;

    public ServingProperties {
        features = List.copyOf(features);
        outputs = List.copyOf(outputs);
        options = Map.copyOf(options);
        arguments = Map.copyOf(arguments);
    }

    public static ServingProperties read(Path modelDirectory) throws IOException {
        return parse(text(modelDirectory));
    }

    /** The file's largest size: it holds settings, not data. */
    public static final int MAX_FILE_CHARS = 16_000;

    public static ServingProperties parse(String text) {
        if (text.length() > MAX_FILE_CHARS) {
            throw new InvalidModel(FILE_NAME + " is longer than " + MAX_FILE_CHARS + " characters");
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidModel(FILE_NAME + " cannot be read: " + e.getMessage());
        }
        return of(properties);
    }

    /** The file's text, UTF-8, bounded: what the registry keeps and {@link #parse} reads. */
    public static String text(Path modelDirectory) throws IOException {
        Path file = modelDirectory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new InvalidModel("The model directory has no " + FILE_NAME);
        }
        if (Files.size(file) > MAX_FILE_CHARS) {
            throw new InvalidModel(FILE_NAME + " is longer than " + MAX_FILE_CHARS + " characters");
        }
        try {
            return Files.readString(file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidModel(FILE_NAME + " is not UTF-8 text");
        }
    }

    static ServingProperties of(Properties properties) {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> arguments = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).trim();
            if (key.startsWith("option.")) {
                options.put(key.substring("option.".length()), value);
            } else {
                arguments.put(key, value);
            }
        }
        for (String option : options.keySet()) {
            if (!OPTIONS.contains(option)) {
                throw new InvalidModel("option." + option + " is not an engine option the platform accepts; accepted: "
                        + OPTIONS.stream().sorted().toList());
            }
        }
        String modelName = options.get("modelName");
        if (modelName != null && !modelName.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new InvalidModel("option.modelName is a file name without a path or extension (letters, digits, _ and -)");
        }
        String extraFiles = options.get("extraFiles");
        if (extraFiles != null && !extraFiles.isEmpty()) {
            throw new InvalidModel("option.extraFiles is not accepted: a model's files lie beside it");
        }
        String engine = canonicalEngine(arguments.get("engine"));
        List<String> features = names(arguments.get("features"), "features");
        if (features.isEmpty()) {
            throw new InvalidModel(FILE_NAME + " names no features: features=<column>,<column>,... (the model's inputs in order)");
        }
        if (features.size() > MAX_FEATURES) {
            throw new InvalidModel(FILE_NAME + " names more than " + MAX_FEATURES + " features");
        }
        List<String> outputs = names(arguments.getOrDefault("outputs", "score"), "outputs");
        int batchSize = bounded(arguments, "batch_size", DEFAULT_BATCH_SIZE, 1, MAX_BATCH_SIZE);
        int maxBatchDelay = bounded(arguments, "max_batch_delay", DEFAULT_MAX_BATCH_DELAY_MILLIS, 0, MAX_BATCH_DELAY_MILLIS);
        int minWorkers = bounded(arguments, "minWorkers", 1, 1, MAX_WORKERS);
        int maxWorkers = bounded(arguments, "maxWorkers", Math.max(minWorkers, 1), 1, MAX_WORKERS);
        if (maxWorkers < minWorkers) {
            throw new InvalidModel("maxWorkers (" + maxWorkers + ") is below minWorkers (" + minWorkers + ")");
        }
        int jobQueueSize = bounded(arguments, "job_queue_size", DEFAULT_JOB_QUEUE_SIZE, 1, MAX_JOB_QUEUE_SIZE);
        String activation = arguments.getOrDefault("output_activation", "none");
        if (!activation.equals("none") && !activation.equals("sigmoid")) {
            throw new InvalidModel("output_activation is none or sigmoid, not " + activation);
        }
        Scaling scaling = new Scaling(numbers(arguments, "feature_means", features.size(), false),
                numbers(arguments, "feature_scales", features.size(), true), activation,
                numbers(arguments, "output_means", outputs.size(), false), numbers(arguments, "output_scales", outputs.size(), true));
        return new ServingProperties(engine, features, outputs, batchSize, maxBatchDelay, minWorkers, maxWorkers, jobQueueSize,
                arguments.getOrDefault("load_on_devices", "auto"), arguments.get("blockFactory"),
                arguments.get("translatorFactory"), scaling, options, arguments);
    }

    /** The same model with other worker bounds (the management API's scale). */
    public ServingProperties withWorkers(int min, int max) {
        checkWorkers(min, max);
        return new ServingProperties(engine, features, outputs, batchSize, maxBatchDelayMillis, min, max, jobQueueSize,
                loadOnDevices, blockFactory, translatorFactory, scaling, options, arguments);
    }

    /** A comma-separated list of one finite number per column (scales: positive), or null when the key is absent. */
    private static float[] numbers(Map<String, String> arguments, String key, int count, boolean positive) {
        String text = arguments.get(key);
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.split(",");
        if (parts.length != count) {
            throw new InvalidModel(key + " has " + parts.length + " numbers for " + count + " columns");
        }
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            try {
                values[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new InvalidModel(key + ": '" + parts[i].trim() + "' is not a number");
            }
            if (!Float.isFinite(values[i]) || positive && values[i] <= 0) {
                throw new InvalidModel(key + ": " + parts[i].trim() + " is not a finite" + (positive ? " positive" : "") + " number");
            }
        }
        return values;
    }

    public static void checkWorkers(int min, int max) {
        if (min < 1 || max < min || max > MAX_WORKERS) {
            throw new InvalidModel("Workers: 1 <= minWorkers <= maxWorkers <= " + MAX_WORKERS);
        }
    }

    private static String canonicalEngine(String engine) {
        if (engine == null || engine.isBlank()) {
            throw new InvalidModel(FILE_NAME + " names no engine: engine=" + String.join("|", ENGINES.stream().sorted().toList()));
        }
        for (String known : ENGINES) {
            if (known.equalsIgnoreCase(engine)) {
                return known;
            }
        }
        throw new InvalidModel("Engine " + engine + " is not one the platform runs: " + ENGINES.stream().sorted().toList());
    }

    private static List<String> names(String text, String key) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String name : text.split(",")) {
            String trimmed = name.trim();
            if (!trimmed.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                throw new InvalidModel(key + ": '" + trimmed + "' is not a name (letters, digits, _; at most 64)");
            }
            if (names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(trimmed.toLowerCase(Locale.ROOT)))) {
                throw new InvalidModel(key + " names " + trimmed + " twice");
            }
            names.add(trimmed);
        }
        return names;
    }

    private static int bounded(Map<String, String> arguments, String key, int fallback, int min, int max) {
        String text = arguments.get(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidModel(key + " must be a whole number from " + min + " to " + max + ", not " + text);
    }

    @Override
    public String toString() {
        return "ServingProperties" + Arrays.asList(engine, features, batchSize, maxBatchDelayMillis, minWorkers, maxWorkers);
    }
}
