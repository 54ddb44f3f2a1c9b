package de.deutschlandstack.ai.serving;

import java.util.ArrayDeque;

/**
 * The waiting requests of one served model on its device, with the model's batching and worker bounds
 * ({@code batch_size}, {@code max_batch_delay}, {@code maxWorkers}, {@code job_queue_size}). Its state is guarded
 * by the {@link DeviceScheduler} that holds it.
 */
public final class ModelQueue {

    final String tenant;

    final String model;

    final BatchRunner runner;

    final ModelMetrics metrics;

    final ArrayDeque<InferenceJob> jobs = new ArrayDeque<>();

    int batchSize;

    long maxDelayNanos;

    int maxConcurrentBatches;

    int capacity;

    int running;

    boolean removed;

    public ModelQueue(String tenant, String model, ServingProperties properties, BatchRunner runner, ModelMetrics metrics) {
        this.tenant = tenant;
        this.model = model;
        this.runner = runner;
        this.metrics = metrics;
        this.batchSize = properties.batchSize();
        this.maxDelayNanos = properties.maxBatchDelayMillis() * 1_000_000L;
        this.maxConcurrentBatches = properties.maxWorkers();
        this.capacity = properties.jobQueueSize();
    }

    public String tenant() {
        return tenant;
    }

    public String model() {
        return model;
    }
}
