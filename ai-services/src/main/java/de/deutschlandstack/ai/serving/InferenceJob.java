package de.deutschlandstack.ai.serving;

import java.util.concurrent.CompletableFuture;

/** One prediction request waiting for its batch: its rows, when it came, and the answer it will get. */
final class InferenceJob {

    final float[][] rows;

    final long enqueuedNanos;

    final CompletableFuture<float[][]> result = new CompletableFuture<>();

    InferenceJob(float[][] rows, long enqueuedNanos) {
        this.rows = rows;
        this.enqueuedNanos = enqueuedNanos;
    }
}
