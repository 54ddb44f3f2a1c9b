package de.deutschlandstack.ai.training;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/** How a model scored on its holdout, and how a constant guess (the training rows' mean) would have scored. */
final class Metrics {

    private Metrics() {
    }

    /** Probabilities of a 0/1 label: accuracy at 0.5, log loss, ROC AUC; the baseline guesses the training share. */
    static Map<String, Object> binary(float[] actual, float[] probability, double trainingShare) {
        int n = actual.length;
        int correct = 0;
        double logLoss = 0;
        double baselineLogLoss = 0;
        int baselineCorrect = 0;
        double share = Math.min(1 - 1e-7, Math.max(1e-7, trainingShare));
        for (int i = 0; i < n; i++) {
            boolean positive = actual[i] >= 0.5f;
            double p = Math.min(1 - 1e-7, Math.max(1e-7, probability[i]));
            correct += (p >= 0.5) == positive ? 1 : 0;
            baselineCorrect += (share >= 0.5) == positive ? 1 : 0;
            logLoss -= positive ? Math.log(p) : Math.log(1 - p);
            baselineLogLoss -= positive ? Math.log(share) : Math.log(1 - share);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", round((double) correct / n));
        metrics.put("logLoss", round(logLoss / n));
        metrics.put("auc", round(auc(actual, probability)));
        metrics.put("baselineAccuracy", round((double) baselineCorrect / n));
        metrics.put("baselineLogLoss", round(baselineLogLoss / n));
        metrics.put("positiveShare", round(IntStream.range(0, n).filter(i -> actual[i] >= 0.5f).count() / (double) n));
        return metrics;
    }

    /** A quantity: mean absolute and root mean squared error, and the baseline's mean absolute error. */
    static Map<String, Object> regression(float[] actual, float[] predicted, double trainingMean) {
        int n = actual.length;
        double absolute = 0;
        double squared = 0;
        double baseline = 0;
        for (int i = 0; i < n; i++) {
            absolute += Math.abs(predicted[i] - actual[i]);
            squared += (predicted[i] - actual[i]) * (double) (predicted[i] - actual[i]);
            baseline += Math.abs(trainingMean - actual[i]);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("mae", round(absolute / n));
        metrics.put("rmse", round(Math.sqrt(squared / n)));
        metrics.put("baselineMae", round(baseline / n));
        return metrics;
    }

    /** The area under the ROC curve: the chance that a random positive scores above a random negative (ties half). */
    static double auc(float[] actual, float[] score) {
        Integer[] order = IntStream.range(0, actual.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
        double rankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (actual[order[k]] >= 0.5f) {
                    rankSum += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = actual.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
    }

    private static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 10_000) / 10_000.0;
    }
}
