package de.deutschlandstack.benchmarks;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import de.deutschlandstack.ai.training.BuiltInService;
import de.deutschlandstack.ai.training.TabularNetwork;
import de.deutschlandstack.ai.training.TabularTrainer;
import de.deutschlandstack.ai.training.TrainingSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Training time of the payment-delay service on 100,000 rows of its dataset's shape (four features, a 0/1 label), with
 * its settings (network 32-16, 30 epochs, batches of 64), vs DJL's own training loop ({@code EasyTrain.fit} over an
 * {@code ArrayDataset}) on the same rows, network and optimiser, alternating in one run: what the platform's trainer
 * (standardisation, shuffling, the holdout's evaluation, the model directory) costs over DJL's.
 */
public final class AiTrainingBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args.length > 0 ? args[0] : "100000");
        int rounds = Integer.parseInt(args.length > 1 ? args[1] : "3");
        TrainingSet data = data(rows);
        TabularTrainer.Settings settings = BuiltInService.PAYMENT_DELAY_RISK.settings();
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            Path directory = Files.createTempDirectory("ai-training");
            TabularTrainer.Trained trained = new TabularTrainer().train(data, settings, directory, p -> { });
            double platform = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            djlsOwnLoop(data, settings, rows - rows / 5);
            double djl = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "round %d: platform trainer %.1f s (%s), DJL EasyTrain %.1f s: %.2fx%n", round, platform,
                    trained.evaluation(), djl, platform / djl);
        }
    }

    /** DJL's own loop on the same training rows (the first four fifths), unscaled, same network and optimiser. */
    private static void djlsOwnLoop(TrainingSet data, TabularTrainer.Settings settings, int trainingRows) throws Exception {
        Engine.getEngine("PyTorch").setRandomSeed((int) settings.seed());
        try (Model model = Model.newInstance("model", Device.cpu(), "PyTorch"); NDManager manager = NDManager.newBaseManager()) {
            model.setBlock(TabularNetwork.of(settings.hidden(), 1));
            float[][] x = java.util.Arrays.copyOf(data.x(), trainingRows);
            float[][] y = new float[trainingRows][1];
            for (int i = 0; i < trainingRows; i++) {
                y[i][0] = data.y()[i][0];
            }
            ArrayDataset dataset = new ArrayDataset.Builder().setData(manager.create(x)).optLabels(manager.create(y))
                    .setSampling(settings.batchSize(), true).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(settings.learningRate())).build())
                    .optDevices(new Device[]{Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(settings.batchSize(), data.features().size()));
                EasyTrain.fit(trainer, settings.epochs(), dataset, null);
            }
        }
    }

    private static TrainingSet data(int rows) {
        Random random = new Random(11);
        List<String> keys = new ArrayList<>(rows);
        float[][] x = new float[rows][4];
        float[][] y = new float[rows][2];
        for (int i = 0; i < rows; i++) {
            keys.add(String.valueOf(i));
            x[i][0] = (float) Math.log1p(100 + random.nextFloat() * 20_000);
            x[i][1] = 14 + random.nextInt(4) * 15;
            x[i][2] = random.nextInt(40);
            x[i][3] = random.nextFloat();
            boolean late = x[i][3] + random.nextGaussian() * 0.2 > 0.6;
            y[i][0] = late ? 1 : 0;
            y[i][1] = late ? 10 : -2;
        }
        return new TrainingSet("payment-delay (synthetic)", null, Map.of(), List.of("LogGrossAmount", "TermDays", "PriorInvoices",
                "PriorLateShare"), List.of("PaidLate", "DaysLate"), keys, x, y, false);
    }
}
