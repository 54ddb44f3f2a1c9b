package de.deutschlandstack.ai.serving;

import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the inference batches of every tenant's models on one device, fairly. The device has a fixed number of slots
 * (batches running at once); one dispatcher thread decides which model's batch runs in a free slot:
 * <ul>
 *     <li>a model is ready when it has {@code batch_size} requests waiting, or its oldest has waited
 *     {@code max_batch_delay} (dynamic batching as DJL Serving and Triton do it), and fewer than {@code maxWorkers} of
 *     its batches run;</li>
 *     <li>the tenants take turns (round robin): a tenant whose models flood their queues gets its turn like any other,
 *     so another tenant's request waits for at most one batch of each tenant ahead of it, never for the flood;</li>
 *     <li>no tenant runs more than its share of the slots at once, even when the others are idle.</li>
 * </ul>
 * A full queue refuses at once (503 with Retry-After) instead of growing.
 */
public final class DeviceScheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeviceScheduler.class);

    /** The most rows one batch carries, whatever its requests: a batch's memory and time stay bounded. */
    static final int MAX_BATCH_ROWS = 4096;

    private final String device;
    private final int slots;
    private final int tenantSlots;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** The tenants in the order of their turns, each with its models' queues. */
    private final Map<String, List<ModelQueue>> tenants = new LinkedHashMap<>();
    private final Map<String, Integer> runningByTenant = new HashMap<>();
    private final ExecutorService executor;
    private final Thread dispatcher;
    private int running;
    private int turn;
    private boolean closed;

    /**
     * @param device      the device's name, as DJL writes it ({@code cpu()}, {@code gpu(0)})
     * @param slots       batches that run on the device at once
     * @param tenantShare the share of the slots one tenant may hold at once (at least one slot)
     */
    public DeviceScheduler(String device, int slots, double tenantShare) {
        if (slots < 1 || tenantShare <= 0 || tenantShare > 1) {
            throw new IllegalArgumentException("slots >= 1, 0 < tenantShare <= 1");
        }
        this.device = device;
        this.slots = slots;
        this.tenantSlots = Math.max(1, (int) Math.floor(slots * tenantShare));
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(slots, work -> {
            Thread thread = new Thread(work, "ai-" + device + "-slot-" + threads.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(DeviceScheduler.class.getClassLoader());
            return thread;
        });
        this.dispatcher = new Thread(this::dispatch, "ai-" + device + "-dispatcher");
        this.dispatcher.setDaemon(true);
        this.dispatcher.setContextClassLoader(DeviceScheduler.class.getClassLoader());
        this.dispatcher.start();
    }

    public String device() {
        return device;
    }

    public int slots() {
        return slots;
    }

    public int tenantSlots() {
        return tenantSlots;
    }

    /** The models placed on this device. */
    public int models() {
        lock.lock();
        try {
            return tenants.values().stream().mapToInt(List::size).sum();
        } finally {
            lock.unlock();
        }
    }

    public void add(ModelQueue queue) {
        lock.lock();
        try {
            tenants.computeIfAbsent(queue.tenant, t -> new ArrayList<>()).add(queue);
        } finally {
            lock.unlock();
        }
    }

    /** Takes the model off the device: what waits for it is answered 503, what runs finishes. */
    public void remove(ModelQueue queue) {
        List<InferenceJob> orphans;
        lock.lock();
        try {
            queue.removed = true;
            List<ModelQueue> queues = tenants.get(queue.tenant);
            if (queues != null) {
                queues.remove(queue);
                if (queues.isEmpty()) {
                    tenants.remove(queue.tenant);
                }
            }
            orphans = new ArrayList<>(queue.jobs);
            queue.jobs.clear();
        } finally {
            lock.unlock();
        }
        orphans.forEach(job -> job.result.completeExceptionally(
                new ServingRefused(503, 1, "The model " + queue.model + " was unloaded; try again")));
    }

    /** Takes a request whose caller gave up out of the queue, if it still waits there. */
    public void abandon(ModelQueue queue, CompletableFuture<float[][]> answer) {
        lock.lock();
        try {
            queue.jobs.removeIf(job -> job.result == answer);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until none of the model's batches runs (after {@link #remove}), at most the given time. */
    public boolean awaitIdle(ModelQueue queue, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        lock.lock();
        try {
            while (queue.running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Changes a model's batching and worker bounds while it serves. */
    public void resize(ModelQueue queue, int maxConcurrentBatches) {
        lock.lock();
        try {
            queue.maxConcurrentBatches = maxConcurrentBatches;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Queues one request's rows for the model; the answer completes when its batch has run. */
    public CompletableFuture<float[][]> submit(ModelQueue queue, float[][] rows) {
        lock.lock();
        try {
            if (closed || queue.removed) {
                throw new ServingRefused(503, 1, "The model " + queue.model + " is not serving now; try again");
            }
            if (queue.jobs.size() >= queue.capacity) {
                queue.metrics.refused();
                throw new ServingRefused(503, 1, "The model " + queue.model + " has " + queue.capacity
                        + " requests waiting (its job_queue_size); try again");
            }
            InferenceJob job = new InferenceJob(rows, System.nanoTime());
            queue.jobs.add(job);
            // All waiters: an unloader may wait on the same condition, and must not take the dispatcher's wake-up.
            changed.signalAll();
            return job.result;
        } finally {
            lock.unlock();
        }
    }

    private void dispatch() {
        lock.lock();
        try {
            while (!closed) {
                long now = System.nanoTime();
                long wait = Long.MAX_VALUE;
                ModelQueue chosen = null;
                if (running < slots) {
                    List<String> order = new ArrayList<>(tenants.keySet());
                    for (int i = 0; i < order.size() && chosen == null; i++) {
                        int index = (turn + i) % order.size();
                        String tenant = order.get(index);
                        if (runningByTenant.getOrDefault(tenant, 0) >= tenantSlots) {
                            continue;
                        }
                        for (ModelQueue queue : tenants.get(tenant)) {
                            dropAbandoned(queue);
                            if (queue.jobs.isEmpty() || queue.running >= queue.maxConcurrentBatches) {
                                continue;
                            }
                            long waited = now - queue.jobs.peek().enqueuedNanos;
                            if (queue.jobs.size() >= queue.batchSize || waited >= queue.maxDelayNanos) {
                                chosen = queue;
                                turn = index + 1;
                                rotate(tenants.get(tenant), queue);
                                break;
                            }
                            wait = Math.min(wait, queue.maxDelayNanos - waited);
                        }
                    }
                }
                if (chosen != null) {
                    start(chosen);
                } else if (wait == Long.MAX_VALUE) {
                    changed.awaitUninterruptibly();
                } else {
                    changed.awaitNanos(wait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Requests whose caller gave up (timed out) leave the queue before a batch is formed. */
    private static void dropAbandoned(ModelQueue queue) {
        queue.jobs.removeIf(job -> job.result.isDone());
    }

    /** Within a tenant its models take turns too: the one served goes to the back. */
    private static void rotate(List<ModelQueue> queues, ModelQueue served) {
        if (queues.size() > 1 && queues.remove(served)) {
            queues.add(served);
        }
    }

    private void start(ModelQueue queue) {
        List<InferenceJob> batch = new ArrayList<>(Math.min(queue.batchSize, queue.jobs.size()));
        int rows = 0;
        while (batch.size() < queue.batchSize && !queue.jobs.isEmpty()
                && (batch.isEmpty() || rows + queue.jobs.peek().rows.length <= MAX_BATCH_ROWS)) {
            InferenceJob job = queue.jobs.poll();
            rows += job.rows.length;
            batch.add(job);
        }
        running++;
        queue.running++;
        runningByTenant.merge(queue.tenant, 1, Integer::sum);
        try {
            executor.execute(() -> run(queue, batch));
        } catch (RuntimeException e) {
            finished(queue);
            batch.forEach(job -> job.result.completeExceptionally(new ServingRefused(503, 1, "The device is shutting down")));
        }
    }

    private void run(ModelQueue queue, List<InferenceJob> batch) {
        try {
            int total = 0;
            for (InferenceJob job : batch) {
                total += job.rows.length;
            }
            float[][] rows = new float[total][];
            int at = 0;
            for (InferenceJob job : batch) {
                System.arraycopy(job.rows, 0, rows, at, job.rows.length);
                at += job.rows.length;
            }
            float[][] outputs = queue.runner.run(rows);
            if (outputs.length != total) {
                throw new IllegalStateException("The model answered " + outputs.length + " rows for " + total);
            }
            at = 0;
            long now = System.nanoTime();
            for (InferenceJob job : batch) {
                float[][] answer = new float[job.rows.length][];
                System.arraycopy(outputs, at, answer, 0, answer.length);
                at += answer.length;
                // The caller first: the figures after (a listener of them is never in the way of an answer).
                job.result.complete(answer);
                queue.metrics.answered(answer.length, now - job.enqueuedNanos, false);
            }
        } catch (Throwable failure) {
            LOG.debugf(failure, "A batch of %s failed", queue.model);
            long now = System.nanoTime();
            for (InferenceJob job : batch) {
                job.result.completeExceptionally(failure);
                queue.metrics.answered(job.rows.length, now - job.enqueuedNanos, true);
            }
        } finally {
            queue.metrics.batch(batch.size());
            lock.lock();
            try {
                finished(queue);
            } finally {
                lock.unlock();
            }
        }
    }

    private void finished(ModelQueue queue) {
        running--;
        queue.running--;
        runningByTenant.merge(queue.tenant, -1, Integer::sum);
        changed.signalAll();
    }

    @Override
    public void close() {
        List<InferenceJob> orphans = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            tenants.values().forEach(queues -> queues.forEach(queue -> {
                orphans.addAll(queue.jobs);
                queue.jobs.clear();
            }));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        orphans.forEach(job -> job.result.completeExceptionally(new ServingRefused(503, 1, "The device is shutting down")));
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
            dispatcher.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
