package de.deutschlandstack.ai.serving;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one served model did: requests, rows, failures, refusals, the latency of its last
 * {@value #WINDOW} requests (from arrival to answer, queueing included) and how many requests each batch carried.
 */
public final class ModelMetrics {

    static final int WINDOW = 4096;

    private final LongAdder requests = new LongAdder();
    private final LongAdder rows = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final AtomicLongArray batchSizes = new AtomicLongArray(ServingProperties.MAX_BATCH_SIZE + 1);
    private final long[] latencies = new long[WINDOW];
    private long recorded;
    private final Listener listener;

    /** Hears of every answer, beside these figures: the platform's metrics registry. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (latencyNanos, failed) -> { };

        void answered(long latencyNanos, boolean failed);
    }

    public ModelMetrics() {
        this(Listener.NONE);
    }

    public ModelMetrics(Listener listener) {
        this.listener = listener;
    }

    /** The figures at one moment; latencies in milliseconds, batch sizes as requests per batch → batches. */
    public record Snapshot(long requests, long rows, long failures, long refused, long batches, double meanBatchSize,
                           Double p50Millis, Double p99Millis, Map<Integer, Long> batchSizes) {
    }

    void answered(int rowCount, long latencyNanos, boolean failed) {
        requests.increment();
        rows.add(rowCount);
        if (failed) {
            failures.increment();
        }
        synchronized (latencies) {
            latencies[(int) (recorded++ % WINDOW)] = latencyNanos;
        }
        try {
            listener.answered(latencyNanos, failed);
        } catch (RuntimeException e) {
            // The platform's registry refusing a figure must not fail a batch that has answered.
            org.jboss.logging.Logger.getLogger(ModelMetrics.class).debugf(e, "A model's answer was not recorded");
        }
    }

    void batch(int requestCount) {
        batches.increment();
        batchSizes.incrementAndGet(Math.min(requestCount, ServingProperties.MAX_BATCH_SIZE));
    }

    public void refused() {
        refused.increment();
    }

    public Snapshot snapshot() {
        long[] window;
        synchronized (latencies) {
            window = Arrays.copyOf(latencies, (int) Math.min(recorded, WINDOW));
        }
        Arrays.sort(window);
        Map<Integer, Long> sizes = new LinkedHashMap<>();
        long batched = 0;
        long weighted = 0;
        for (int size = 1; size < batchSizes.length(); size++) {
            long count = batchSizes.get(size);
            if (count > 0) {
                sizes.put(size, count);
                batched += count;
                weighted += count * size;
            }
        }
        return new Snapshot(requests.sum(), rows.sum(), failures.sum(), refused.sum(), batches.sum(),
                batched == 0 ? 0 : (double) weighted / batched, percentile(window, 0.50), percentile(window, 0.99), sizes);
    }

    private static Double percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return null;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
