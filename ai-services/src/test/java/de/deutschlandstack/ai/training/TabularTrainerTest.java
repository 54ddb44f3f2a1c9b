package de.deutschlandstack.ai.training;

import de.deutschlandstack.ai.runtime.DjlRuntime;
import de.deutschlandstack.ai.serving.ModelServer;
import de.deutschlandstack.ai.serving.ServingProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Training on data whose rule is known: the trained model finds the rule (it beats the constant baseline on the
 * holdout by far), and the directory it writes serves the same answers the evaluation saw, with the callers' own
 * unscaled numbers.
 */
class TabularTrainerTest {

    @TempDir
    Path models;

    /** Rows whose label follows from their features; amounts in the thousands, as an invoice's are. */
    private static TrainingSet data(int rows, boolean binary) {
        Random random = new Random(7);
        List<String> keys = new ArrayList<>();
        float[][] x = new float[rows][2];
        float[][] y = new float[rows][1];
        for (int i = 0; i < rows; i++) {
            keys.add("row-" + i);
            x[i][0] = 1000 + 4000 * random.nextFloat();
            x[i][1] = random.nextFloat() * 60;
            double signal = (x[i][0] - 3000) / 1000 + (x[i][1] - 30) / 15;
            y[i][0] = binary ? (signal + random.nextGaussian() * 0.3 > 0 ? 1 : 0) : (float) (3 * x[i][0] - 20 * x[i][1] + 500);
        }
        return new TrainingSet("synthetic", null, Map.of("Invoices", 3L), List.of("Amount", "TermDays"), List.of("Label"), keys,
                x, y, false);
    }

    @Test
    void aBinaryLabelIsLearntFarBetterThanTheBaselineAndServedWithTheSameAnswers() throws Exception {
        TrainingSet data = data(3000, true);
        List<Integer> progress = new ArrayList<>();
        TabularTrainer.Trained trained = new TabularTrainer().train(data,
                new TabularTrainer.Settings("Label", TabularTrainer.Kind.BINARY, "probability", new int[]{16, 8}, 15, 64, 0.01f, 42),
                models.resolve("risk"), progress::add);
        assertThat(progress).last().isEqualTo(100);
        Map<String, Object> evaluation = trained.evaluation();
        assertThat(evaluation.get("holdoutRows")).isEqualTo(600);
        assertThat((Double) evaluation.get("auc")).isGreaterThan(0.9);
        assertThat((Double) evaluation.get("accuracy")).isGreaterThan((Double) evaluation.get("baselineAccuracy") + 0.2);
        assertThat((Double) evaluation.get("logLoss")).isLessThan((Double) evaluation.get("baselineLogLoss"));

        // Served as any registered model: unscaled inputs in, a probability out.
        try (ModelServer server = new ModelServer(DjlRuntime.devices(), new ModelServer.Limits(2, 4, 0.5, 4, 8, 30_000),
                name -> name.startsWith("de.deutschlandstack.ai."))) {
            ModelServer.ModelKey key = new ModelServer.ModelKey("t1", "risk", "1");
            server.load(key, trained.directory(), ServingProperties.read(trained.directory()), null);
            assertThat(server.awaitLoaded(key, 60_000).orElseThrow().status()).isEqualTo(ModelServer.Status.READY);
            float[][] answers = server.predict(key, new float[][]{{4900, 59}, {1100, 1}});
            assertThat(answers[0][0]).isGreaterThan(0.9f);
            assertThat(answers[1][0]).isLessThan(0.1f).isGreaterThanOrEqualTo(0f);
        }
        assertThat(Files.readString(trained.directory().resolve("serving.properties"))).contains("Invoices=3");
    }

    @Test
    void aQuantityIsLearntInItsOwnUnits() throws Exception {
        TabularTrainer.Trained trained = new TabularTrainer().train(data(3000, false),
                new TabularTrainer.Settings("Label", TabularTrainer.Kind.REGRESSION, "quantity", new int[]{16}, 30, 32, 0.01f, 42),
                models.resolve("demand"), p -> { });
        Map<String, Object> evaluation = trained.evaluation();
        assertThat((Double) evaluation.get("mae")).isLessThan((Double) evaluation.get("baselineMae") / 5);
        try (ModelServer server = new ModelServer(DjlRuntime.devices(), new ModelServer.Limits(2, 4, 0.5, 4, 8, 30_000),
                name -> name.startsWith("de.deutschlandstack.ai."))) {
            ModelServer.ModelKey key = new ModelServer.ModelKey("t1", "demand", "1");
            server.load(key, trained.directory(), ServingProperties.read(trained.directory()), null);
            server.awaitLoaded(key, 60_000);
            // 3 · 3000 - 20 · 30 + 500 = 8900
            assertThat(server.predict(key, new float[][]{{3000, 30}})[0][0]).isCloseTo(8900f, within(400f));
        }
    }

    @Test
    void aHoldoutLargerThanAServingBatchIsEvaluatedWhole() throws Exception {
        TabularTrainer.Trained trained = new TabularTrainer().train(data(25_000, true),
                new TabularTrainer.Settings("Label", TabularTrainer.Kind.BINARY, "p", new int[]{8}, 1, 256, 0.01f, 3),
                models.resolve("large"), p -> { });
        assertThat(trained.evaluation().get("holdoutRows")).isEqualTo(5000);
        assertThat((Double) trained.evaluation().get("auc")).isGreaterThan(0.8);
    }

    @Test
    void theSameDataAndSeedTrainTheSameModel() throws Exception {
        TrainingSet data = data(500, true);
        TabularTrainer.Settings settings = new TabularTrainer.Settings("Label", TabularTrainer.Kind.BINARY, "p", new int[]{8}, 3,
                32, 0.01f, 5);
        TabularTrainer.Trained first = new TabularTrainer().train(data, settings, models.resolve("a"), p -> { });
        TabularTrainer.Trained second = new TabularTrainer().train(data, settings, models.resolve("b"), p -> { });
        assertThat(first.evaluation()).isEqualTo(second.evaluation());
    }
}
