package de.deutschlandstack.ai.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import de.deutschlandstack.ai.runtime.DjlRuntime;
import de.deutschlandstack.ai.serving.ServingProperties;
import de.deutschlandstack.ai.serving.TabularTranslator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * Trains the platform's {@link TabularNetwork} on a {@link TrainingSet} with DJL (PyTorch), in this JVM: the data never
 * leaves the platform. The newest fifth of the rows (the lake gives them oldest first) is held out and the trained model
 * is evaluated on it against a baseline, through the same translator that serves it. The result is a model directory in
 * DJL Serving's layout, its columns standardised by the training rows' means and spreads, which {@code serving.properties}
 * records for the translator.
 */
public final class TabularTrainer {

    /** Holdout rows predicted at once. */
    private static final int EVALUATION_ROWS = 1024;

    /** What to learn: one label, as a probability (binary) or a quantity (regression). */
    public enum Kind { BINARY, REGRESSION }

    /**
     * @param label     the label to learn
     * @param output    the name of the model's output column
     * @param hidden    the hidden layers' widths
     * @param epochs    passes over the training rows
     * @param batchSize rows per optimiser step
     * @param learningRate Adam's learning rate
     * @param seed      the random seed (initial weights, shuffling): the same data trains the same model
     */
    public record Settings(String label, Kind kind, String output, int[] hidden, int epochs, int batchSize, float learningRate,
                           long seed) {
    }

    /** A trained model's directory and how it scored on the holdout. */
    public record Trained(Path directory, Map<String, Object> evaluation) {
    }

    /**
     * Trains and writes the model directory.
     *
     * @param progress told the share done, 0 to 100, after each epoch
     */
    public Trained train(TrainingSet data, Settings settings, Path directory, IntConsumer progress) throws IOException {
        // DJL finds its engines once per JVM, through the first caller's class loader: the runtime makes sure it is DJL's.
        DjlRuntime.initialise();
        int target = data.label(settings.label());
        List<Integer> usable = new ArrayList<>();
        for (int row = 0; row < data.rows(); row++) {
            if (isFinite(data.x()[row]) && Float.isFinite(data.y()[row][target])) {
                usable.add(row);
            }
        }
        if (usable.size() < 10) {
            throw new IllegalArgumentException("The dataset has " + usable.size() + " usable rows; training needs at least 10");
        }
        int holdoutFrom = usable.size() - Math.max(2, usable.size() / 5);
        List<Integer> training = usable.subList(0, holdoutFrom);
        List<Integer> holdout = usable.subList(holdoutFrom, usable.size());
        int features = data.features().size();

        float[] means = new float[features];
        float[] scales = new float[features];
        for (int f = 0; f < features; f++) {
            final int column = f;
            double[] values = training.stream().mapToDouble(r -> data.x()[r][column]).toArray();
            means[f] = (float) Arrays.stream(values).average().orElse(0);
            scales[f] = spread(values, means[f]);
        }
        double[] targets = training.stream().mapToDouble(r -> data.y()[r][target]).toArray();
        float outputMean = settings.kind() == Kind.REGRESSION ? (float) Arrays.stream(targets).average().orElse(0) : 0;
        float outputScale = settings.kind() == Kind.REGRESSION ? spread(targets, outputMean) : 1;

        Files.createDirectories(directory);
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) settings.seed());
        Loss loss = settings.kind() == Kind.BINARY ? Loss.sigmoidBinaryCrossEntropyLoss() : Loss.l2Loss();
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(settings.learningRate())).build())
                .optDevices(new Device[]{Device.cpu()});
        try (Model model = Model.newInstance("model", Device.cpu(), "PyTorch")) {
            model.setBlock(TabularNetwork.of(settings.hidden(), 1));
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(settings.batchSize(), features));
                Random random = new Random(settings.seed());
                int[] order = training.stream().mapToInt(Integer::intValue).toArray();
                for (int epoch = 0; epoch < settings.epochs(); epoch++) {
                    shuffle(order, random);
                    for (int start = 0; start < order.length; start += settings.batchSize()) {
                        int size = Math.min(settings.batchSize(), order.length - start);
                        float[][] x = new float[size][features];
                        float[][] y = new float[size][1];
                        for (int i = 0; i < size; i++) {
                            int row = order[start + i];
                            for (int f = 0; f < features; f++) {
                                x[i][f] = (data.x()[row][f] - means[f]) / scales[f];
                            }
                            y[i][0] = (data.y()[row][target] - outputMean) / outputScale;
                        }
                        try (NDManager batch = trainer.getManager().newSubManager()) {
                            NDArray input = batch.create(x);
                            NDArray expected = batch.create(y);
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDArray predicted = trainer.forward(new NDList(input)).singletonOrThrow();
                                collector.backward(loss.evaluate(new NDList(expected), new NDList(predicted)));
                            }
                            trainer.step();
                        }
                    }
                    progress.accept((epoch + 1) * 100 / settings.epochs());
                }
            }
            model.save(directory, "model");
        }
        ServingProperties properties = ServingProperties.parse(servingProperties(data, settings, means, scales, outputMean,
                outputScale));
        Files.writeString(directory.resolve(ServingProperties.FILE_NAME), servingProperties(data, settings, means, scales,
                outputMean, outputScale));
        return new Trained(directory, evaluate(data, settings, target, training, holdout, directory, properties));
    }

    private static String servingProperties(TrainingSet data, Settings settings, float[] means, float[] scales,
                                            float outputMean, float outputScale) {
        StringBuilder text = new StringBuilder()
                .append("# Trained by the platform on the lake's dataset ").append(data.dataset())
                .append(" (tables at Delta versions ").append(data.tables()).append(")\n")
                .append("engine=PyTorch\n")
                .append("blockFactory=").append(TabularNetwork.class.getName()).append('\n')
                .append("hidden=").append(Arrays.stream(settings.hidden()).mapToObj(String::valueOf).collect(Collectors.joining(","))).append('\n')
                .append("features=").append(String.join(",", data.features())).append('\n')
                .append("outputs=").append(settings.output()).append('\n')
                .append("feature_means=").append(join(means)).append('\n')
                .append("feature_scales=").append(join(scales)).append('\n')
                .append("batch_size=16\nmax_batch_delay=5\n");
        if (settings.kind() == Kind.BINARY) {
            text.append("output_activation=sigmoid\n");
        } else {
            text.append("output_means=").append(join(new float[]{outputMean})).append('\n')
                    .append("output_scales=").append(join(new float[]{outputScale})).append('\n');
        }
        return text.toString();
    }

    /** The trained model on the holdout, through the serving translator, against the baseline of a constant guess. */
    private static Map<String, Object> evaluate(TrainingSet data, Settings settings, int target, List<Integer> training,
                                                List<Integer> holdout, Path directory, ServingProperties properties)
            throws IOException {
        float[][] x = holdout.stream().map(r -> data.x()[r]).toArray(float[][]::new);
        float[] actual = new float[holdout.size()];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = data.y()[holdout.get(i)][target];
        }
        float[] predicted = new float[holdout.size()];
        try (Model model = Model.newInstance("model", Device.cpu(), "PyTorch")) {
            model.setBlock(TabularNetwork.of(settings.hidden(), 1));
            model.load(directory, "model");
            try (Predictor<float[][], float[][]> predictor = model.newPredictor(new TabularTranslator(1, properties.scaling()))) {
                // In slices of a serving batch's size: the translator answers no more rows at once than a batch has.
                for (int from = 0; from < x.length; from += EVALUATION_ROWS) {
                    float[][] answers = predictor.predict(Arrays.copyOfRange(x, from, Math.min(x.length, from + EVALUATION_ROWS)));
                    for (int i = 0; i < answers.length; i++) {
                        predicted[from + i] = answers[i][0];
                    }
                }
            }
        } catch (ai.djl.MalformedModelException | TranslateException e) {
            throw new IOException("The trained model could not be evaluated: " + e.getMessage(), e);
        }
        double trainingMean = training.stream().mapToDouble(r -> data.y()[r][target]).average().orElse(0);
        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("trainingRows", training.size());
        evaluation.put("holdoutRows", holdout.size());
        if (settings.kind() == Kind.BINARY) {
            evaluation.putAll(Metrics.binary(actual, predicted, trainingMean));
        } else {
            evaluation.putAll(Metrics.regression(actual, predicted, trainingMean));
        }
        return evaluation;
    }

    private static boolean isFinite(float[] row) {
        for (float value : row) {
            if (!Float.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    private static float spread(double[] values, double mean) {
        double variance = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).average().orElse(0);
        float deviation = (float) Math.sqrt(variance);
        return deviation > 1e-6f ? deviation : 1f;
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    private static String join(float[] values) {
        StringBuilder text = new StringBuilder();
        for (float value : values) {
            text.append(text.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, "%.8g", value));
        }
        return text.toString();
    }
}
