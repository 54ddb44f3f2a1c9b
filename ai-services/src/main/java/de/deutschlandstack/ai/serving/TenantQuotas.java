package de.deutschlandstack.ai.serving;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one tenant may hold of the shared accelerators: models loaded at once, and inferences in flight at once
 * (queued or running, over all its models). A tenant at a quota is answered 429 with Retry-After; the other tenants
 * do not notice (their share of each device's slots is the {@link DeviceScheduler}'s).
 */
public final class TenantQuotas {

    private final int modelsLoaded;

    private final int concurrentInferences;

    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    public TenantQuotas(int modelsLoaded, int concurrentInferences) {
        this.modelsLoaded = modelsLoaded;
        this.concurrentInferences = concurrentInferences;
    }

    public int modelsLoaded() {
        return modelsLoaded;
    }

    public int concurrentInferences() {
        return concurrentInferences;
    }

    /** Counts one more inference of the tenant, or refuses it with 429 when the tenant is at its quota. */
    public Runnable startInference(String tenant) {
        AtomicInteger count = inFlight.computeIfAbsent(tenant, t -> new AtomicInteger());
        if (count.incrementAndGet() > concurrentInferences) {
            count.decrementAndGet();
            throw new ServingRefused(429, 1, "Your tenant has " + concurrentInferences
                    + " inferences in flight, its quota; try again when one has finished");
        }
        return count::decrementAndGet;
    }

    public void requireRoomForModel(String tenant, long loaded) {
        if (loaded >= modelsLoaded) {
            throw new ServingRefused(429, 60, "Your tenant has " + loaded + " models loaded, its quota of " + modelsLoaded
                    + "; unregister one first");
        }
    }

    public int inFlight(String tenant) {
        AtomicInteger count = inFlight.get(tenant);
        return count == null ? 0 : count.get();
    }
}
