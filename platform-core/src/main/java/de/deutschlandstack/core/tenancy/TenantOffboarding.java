package de.deutschlandstack.core.tenancy;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Offboards tenants: marks the tenant {@link TenantStatus#OFFBOARDING} (from then on its users are refused), runs every
 * registered {@link TenantDataEraser} once, records each as it finishes, and leaves the tenant's registry row as a
 * tombstone. An offboarding that a crash or a restart interrupted resumes when the platform starts again, skipping
 * the erasers that had finished; asking again for an offboarded tenant changes nothing.
 */
@ApplicationScoped
public class TenantOffboarding {

    private static final Logger LOG = Logger.getLogger(TenantOffboarding.class);

    @Inject
    TenantRegistry registry;

    @Inject
    @Any
    Instance<TenantDataEraser> erasers;

    @Inject
    de.deutschlandstack.core.security.PlatformUsers users;

    @Inject
    de.deutschlandstack.core.config.PlatformSettings settings;

    // By its global name: offboarding resumes while the EAR starts, outside any module's java:comp.
    @Resource(lookup = "java:jboss/ee/concurrency/executor/default")
    ManagedExecutorService executor;

    /** Tenants whose erasure runs on this node now: a second request for one does not start a second run. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    void resumeInterrupted(@Observes @Initialized(ApplicationScoped.class) Object started) {
        for (String tenant : registry.offboarding()) {
            LOG.infof("Tenant %s: resuming its interrupted offboarding", tenant);
            eraseLater(tenant);
        }
    }

    /** Starts (or, for one under way, continues) the tenant's offboarding and returns at once with its status. */
    public PlatformTenant offboard(String tenant) {
        PlatformTenant marked = registry.startOffboarding(tenant);
        if (marked.getStatus() == TenantStatus.OFFBOARDING) {
            eraseLater(tenant);
        }
        return marked;
    }

    /** The registered erasers in a fixed order (by name), so that every run and every resumption does the same. */
    public List<TenantDataEraser> erasers() {
        return erasers.stream().sorted(Comparator.comparing(TenantDataEraser::name)).toList();
    }

    private void eraseLater(String tenant) {
        if (!running.add(tenant)) {
            return;
        }
        executor.submit(() -> {
            try {
                erase(tenant);
            } catch (RuntimeException e) {
                // The tenant stays OFFBOARDING; the next offboard request or the next start resumes it.
                LOG.errorf(e, "Tenant %s: offboarding stopped; it resumes on the next request or start", tenant);
            } finally {
                running.remove(tenant);
            }
        });
    }

    /**
     * Runs the erasers that have not finished for the tenant, then turns it into a tombstone. It first waits out the
     * grace period: every node's cached status has then learnt that the tenant is offboarding, and the requests that
     * began before have ended, so no write of the tenant can land after its rows are gone.
     */
    void erase(String tenant) {
        try {
            Thread.sleep(settings.offboardingGraceSeconds() * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long started = System.nanoTime();
        Set<String> finished = registry.find(tenant).map(PlatformTenant::getErasedBy).orElse(Set.of());
        for (TenantDataEraser eraser : erasers()) {
            if (finished.contains(eraser.name())) {
                continue;
            }
            CurrentCaller.runAsUnchecked(Caller.system(tenant), () -> {
                eraser.erase(tenant);
                return null;
            });
            registry.erasedBy(tenant, eraser.name());
            LOG.infof("Tenant %s: %s erased", tenant, eraser.name());
        }
        registry.offboarded(tenant);
        // Its users are gone from the store: what this node remembers of their logins goes with them.
        users.forgetTenant(tenant);
        LOG.infof("Tenant %s offboarded in %d ms; its registry row stays as a tombstone", tenant,
                (System.nanoTime() - started) / 1_000_000);
    }
}
