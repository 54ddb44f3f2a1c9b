package de.deutschlandstack.ai.serving;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * One loaded model version: the model, shared by every worker, and its pool of predictors (a predictor is not
 * thread-safe; creating one per batch would cost more than the batch). The device's scheduler runs at most
 * {@code maxWorkers} of its batches at once, so the pool never holds more predictors than that.
 */
final class ServedModel implements BatchRunner, AutoCloseable {

    private final ZooModel<float[][], float[][]> model;

    private final ArrayBlockingQueue<Predictor<float[][], float[][]>> idle =
            new ArrayBlockingQueue<>(ServingProperties.MAX_WORKERS);

    ServedModel(ZooModel<float[][], float[][]> model, int minWorkers) {
        this.model = model;
        for (int i = 0; i < minWorkers; i++) {
            idle.add(model.newPredictor());
        }
    }

    @Override
    public float[][] run(float[][] rows) throws Exception {
        Predictor<float[][], float[][]> predictor = idle.poll();
        if (predictor == null) {
            predictor = model.newPredictor();
        }
        try {
            return predictor.predict(rows);
        } finally {
            if (!idle.offer(predictor)) {
                predictor.close();
            }
        }
    }

    /** Closes the predictors beyond {@code keep} (after the model was scaled down). */
    void trim(int keep) {
        while (idle.size() > keep) {
            Predictor<float[][], float[][]> predictor = idle.poll();
            if (predictor != null) {
                predictor.close();
            }
        }
    }

    @Override
    public void close() {
        Predictor<float[][], float[][]> predictor;
        while ((predictor = idle.poll()) != null) {
            predictor.close();
        }
        model.close();
    }
}
