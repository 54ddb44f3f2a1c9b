package de.deutschlandstack.ai.serving;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceSchedulerTest {

    private DeviceScheduler scheduler;

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    static ServingProperties properties(int batchSize, int maxBatchDelay, int maxWorkers, int queue) {
        Properties p = new Properties();
        p.setProperty("engine", "PyTorch");
        p.setProperty("features", "x");
        p.setProperty("batch_size", "" + batchSize);
        p.setProperty("max_batch_delay", "" + maxBatchDelay);
        p.setProperty("maxWorkers", "" + maxWorkers);
        p.setProperty("job_queue_size", "" + queue);
        return ServingProperties.of(p);
    }

    /** A model that answers each row with its own value, and notes the requests of each batch. */
    static final class Echo implements BatchRunner {
        final List<Integer> batchRows = Collections.synchronizedList(new ArrayList<>());
        final List<Float> order = Collections.synchronizedList(new ArrayList<>());
        volatile CountDownLatch gate = new CountDownLatch(0);
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostRunning = new AtomicInteger();

        @Override
        public float[][] run(float[][] rows) throws Exception {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                gate.await(10, TimeUnit.SECONDS);
                batchRows.add(rows.length);
                for (float[] row : rows) {
                    order.add(row[0]);
                }
                return rows;
            } finally {
                running.decrementAndGet();
            }
        }
    }

    private static float[][] row(float value) {
        return new float[][]{{value}};
    }

    @Test
    void requestsWaitingTogetherRunAsOneBatchOfBatchSize() throws Exception {
        scheduler = new DeviceScheduler("cpu()", 1, 1.0);
        Echo echo = new Echo();
        ModelQueue queue = new ModelQueue("t1", "m", properties(8, 10_000, 1, 100), echo, new ModelMetrics());
        scheduler.add(queue);
        List<CompletableFuture<float[][]>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(scheduler.submit(queue, row(i)));
        }
        for (int i = 0; i < 8; i++) {
            assertThat(answers.get(i).get(10, TimeUnit.SECONDS)[0][0]).isEqualTo(i);
        }
        assertThat(echo.batchRows).containsExactly(8);
        assertThat(queue.metrics.snapshot().batchSizes()).containsEntry(8, 1L);
    }

    @Test
    void aLoneRequestRunsWhenItHasWaitedMaxBatchDelay() throws Exception {
        scheduler = new DeviceScheduler("cpu()", 1, 1.0);
        Echo echo = new Echo();
        ModelQueue queue = new ModelQueue("t1", "m", properties(32, 20, 1, 100), echo, new ModelMetrics());
        scheduler.add(queue);
        assertThat(scheduler.submit(queue, row(7)).get(10, TimeUnit.SECONDS)[0][0]).isEqualTo(7);
        assertThat(echo.batchRows).containsExactly(1);
    }

    @Test
    void aFullQueueIsRefusedAtOnceWith503() throws Exception {
        scheduler = new DeviceScheduler("cpu()", 1, 1.0);
        Echo echo = new Echo();
        echo.gate = new CountDownLatch(1);
        ModelQueue queue = new ModelQueue("t1", "m", properties(1, 0, 1, 2), echo, new ModelMetrics());
        scheduler.add(queue);
        CompletableFuture<float[][]> running = scheduler.submit(queue, row(1));
        awaitRunning(echo, 1);
        scheduler.submit(queue, row(2));
        scheduler.submit(queue, row(3));
        assertThatThrownBy(() -> scheduler.submit(queue, row(4)))
                .isInstanceOfSatisfying(ServingRefused.class, refused -> {
                    assertThat(refused.status()).isEqualTo(503);
                    assertThat(refused.retryAfterSeconds()).isPositive();
                    assertThat(refused.getMessage()).contains("job_queue_size");
                });
        echo.gate.countDown();
        assertThat(running.get(10, TimeUnit.SECONDS)[0][0]).isEqualTo(1);
        assertThat(queue.metrics.snapshot().refused()).isEqualTo(1);
    }

    @Test
    void aFloodingTenantDoesNotHoldUpAnotherTenantsRequest() throws Exception {
        scheduler = new DeviceScheduler("cpu()", 1, 1.0);
        Echo echo = new Echo();
        echo.gate = new CountDownLatch(1);
        ModelQueue flood = new ModelQueue("flood", "m", properties(1, 0, 1, 1000), echo, new ModelMetrics());
        ModelQueue quiet = new ModelQueue("quiet", "m", properties(1, 0, 1, 1000), echo, new ModelMetrics());
        scheduler.add(flood);
        scheduler.add(quiet);
        List<CompletableFuture<float[][]>> flooded = new ArrayList<>();
        flooded.add(scheduler.submit(flood, row(0)));
        awaitRunning(echo, 1);
        for (int i = 1; i < 200; i++) {
            flooded.add(scheduler.submit(flood, row(i)));
        }
        CompletableFuture<float[][]> mine = scheduler.submit(quiet, row(-1));
        echo.gate.countDown();
        assertThat(mine.get(10, TimeUnit.SECONDS)[0][0]).isEqualTo(-1);
        for (CompletableFuture<float[][]> answer : flooded) {
            answer.get(10, TimeUnit.SECONDS);
        }
        // The quiet tenant's request ran right after the flood's running batch, not after its 199 waiting requests.
        assertThat(echo.order.indexOf(-1f)).isLessThanOrEqualTo(2);
    }

    @Test
    void aTenantHoldsNoMoreThanItsShareOfTheSlots() throws Exception {
        scheduler = new DeviceScheduler("cpu()", 2, 0.5);
        Echo busy = new Echo();
        busy.gate = new CountDownLatch(1);
        ModelQueue first = new ModelQueue("greedy", "a", properties(1, 0, 4, 100), busy, new ModelMetrics());
        ModelQueue second = new ModelQueue("greedy", "b", properties(1, 0, 4, 100), busy, new ModelMetrics());
        Echo other = new Echo();
        ModelQueue others = new ModelQueue("other", "c", properties(1, 0, 4, 100), other, new ModelMetrics());
        scheduler.add(first);
        scheduler.add(second);
        scheduler.add(others);
        List<CompletableFuture<float[][]>> greedy = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            greedy.add(scheduler.submit(i % 2 == 0 ? first : second, row(i)));
        }
        awaitRunning(busy, 1);
        // The greedy tenant's one slot is taken and blocked; the other slot still serves the other tenant.
        assertThat(scheduler.submit(others, row(42)).get(10, TimeUnit.SECONDS)[0][0]).isEqualTo(42);
        busy.gate.countDown();
        for (CompletableFuture<float[][]> answer : greedy) {
            answer.get(10, TimeUnit.SECONDS);
        }
        assertThat(busy.mostRunning.get()).isEqualTo(1);
    }

    @Test
    void requestsWaitingForAnUnloadedModelAreAnswered503() throws Exception {
        scheduler = new DeviceScheduler("cpu()", 1, 1.0);
        Echo echo = new Echo();
        echo.gate = new CountDownLatch(1);
        ModelQueue queue = new ModelQueue("t1", "m", properties(1, 0, 1, 10), echo, new ModelMetrics());
        scheduler.add(queue);
        CompletableFuture<float[][]> running = scheduler.submit(queue, row(1));
        awaitRunning(echo, 1);
        CompletableFuture<float[][]> waiting = scheduler.submit(queue, row(2));
        scheduler.remove(queue);
        assertThat(waiting).isCompletedExceptionally();
        assertThatThrownBy(() -> scheduler.submit(queue, row(3))).isInstanceOf(ServingRefused.class);
        echo.gate.countDown();
        assertThat(running.get(10, TimeUnit.SECONDS)[0][0]).isEqualTo(1);
        assertThat(scheduler.awaitIdle(queue, 10_000)).isTrue();
    }

    private static void awaitRunning(Echo echo, int count) throws InterruptedException {
        for (int i = 0; i < 1000 && echo.running.get() < count; i++) {
            Thread.sleep(5);
        }
        assertThat(echo.running.get()).isEqualTo(count);
    }
}
