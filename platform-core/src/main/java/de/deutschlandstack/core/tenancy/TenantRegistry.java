package de.deutschlandstack.core.tenancy;

import de.deutschlandstack.core.security.PlatformRoles;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import de.deutschlandstack.core.web.AfterCompletion;
import de.deutschlandstack.core.web.RequestRefused;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The tenants of the platform and their lifecycle: onboarded active, suspended and resumed, offboarded. Every request
 * asks here whether its caller's tenant may work ({@link #isActive}); that answer is cached per tenant and dropped as
 * soon as a status change commits, so a suspension holds from the next request on.
 *
 * <p>The cache is per node. Another platform node learns of a change within about a second, when it reads the records of
 * changes ({@code core.cluster.SharedFacts}), and at the latest when its entry expires ({@value #CACHED_SECONDS} s).
 */
@ApplicationScoped
public class TenantRegistry {

    /** Lower-case letters, digits and inner hyphens; it names the tenant in URLs, lake paths and logs. */
    public static final Pattern TENANT_ID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
    static final int CACHED_SECONDS = 10;
    /** The registry is read before any tenant is bound; it runs as the operator's technical caller. */
    private static final Caller REGISTRY = Caller.system(PlatformRoles.OPERATOR_TENANT);

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @jakarta.inject.Inject
    de.deutschlandstack.core.audit.AuditTrail audit;

    // By its global name: the bean is first used while the EAR starts, outside any module's java:comp.
    @Resource(lookup = "java:jboss/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transaction;

    /** What a request needs to know of its tenant: whether it may work, and its rate limits (null: the defaults). */
    public record TenantPolicy(TenantStatus status, Integer requestsPerMinute, Integer userRequestsPerMinute,
                               Integer concurrentRequests) {
    }

    private record Cached(TenantPolicy policy, long until) {
    }

    private final Map<String, Cached> statuses = new ConcurrentHashMap<>();
    /** Counts what was forgotten: a policy read while something was forgotten is not cached (it may predate the change). */
    private final java.util.concurrent.atomic.AtomicLong forgetCount = new java.util.concurrent.atomic.AtomicLong();

    /** Whether the tenant's users may work: it is registered and active. */
    public boolean isActive(String tenant) {
        return status(tenant).orElse(null) == TenantStatus.ACTIVE;
    }

    public Optional<TenantStatus> status(String tenant) {
        return policy(tenant).map(TenantPolicy::status);
    }

    /** The tenant's status and limits, cached for at most {@value #CACHED_SECONDS} s and dropped when they change here. */
    public Optional<TenantPolicy> policy(String tenant) {
        long now = System.currentTimeMillis();
        Cached cached = statuses.get(tenant);
        if (cached != null && cached.until() > now) {
            return Optional.ofNullable(cached.policy());
        }
        long forgotten = forgetCount.get();
        TenantPolicy policy = CurrentCaller.runAsUnchecked(REGISTRY, () -> {
            PlatformTenant found = em.find(PlatformTenant.class, tenant);
            return found == null ? null : new TenantPolicy(found.getStatus(), found.getRequestsPerMinute(), found.getUserRequestsPerMinute(),
                    found.getConcurrentRequests());
        });
        if (statuses.size() > 10_000) {
            statuses.clear();
        }
        if (forgetCount.get() == forgotten) {
            Cached kept = new Cached(policy, now + CACHED_SECONDS * 1000L);
            statuses.put(tenant, kept);
            if (forgetCount.get() != forgotten) {
                statuses.remove(tenant, kept); // forgotten while being put: the read may predate the change
            }
        }
        return Optional.ofNullable(policy);
    }

    @Transactional
    public Optional<PlatformTenant> find(String tenant) {
        return CurrentCaller.runAsUnchecked(REGISTRY, () -> Optional.ofNullable(em.find(PlatformTenant.class, tenant)));
    }

    @Transactional
    public List<PlatformTenant> all() {
        return CurrentCaller.runAsUnchecked(REGISTRY, () -> em.createQuery(
                "select t from PlatformTenant t order by t.tenant", PlatformTenant.class).getResultList());
    }

    /** Registers a new active tenant; 409 if the id was ever used (an offboarded tenant's id stays taken). */
    @Transactional
    public PlatformTenant register(String tenant, String displayName) {
        checkId(tenant);
        if (displayName != null && displayName.length() > 200) {
            throw new RequestRefused(400, "A tenant's name has at most 200 characters");
        }
        return CurrentCaller.runAsUnchecked(REGISTRY, () -> {
            if (em.find(PlatformTenant.class, tenant, LockModeType.PESSIMISTIC_WRITE) != null) {
                throw new RequestRefused(409, "The tenant id " + tenant + " is taken");
            }
            PlatformTenant created = new PlatformTenant(tenant, displayName, Instant.now());
            em.persist(created);
            em.flush();
            audit.startChain(tenant);
            forgetAfterCompletion(tenant);
            return created;
        });
    }

    /** Refuses an id that is not 1 to 64 lower-case letters, digits and inner hyphens, or is the operator's. */
    public static void checkId(String tenant) {
        if (tenant == null || !TENANT_ID.matcher(tenant).matches()) {
            throw new RequestRefused(400, "A tenant id is 1 to 64 lower-case letters, digits and inner hyphens");
        }
    }

    /** Registers the tenant unless it is registered: for tenants the platform itself seeds (demo, operator). */
    @Transactional
    public void registerIfAbsent(String tenant, String displayName) {
        CurrentCaller.runAsUnchecked(REGISTRY, () -> {
            if (em.find(PlatformTenant.class, tenant) == null) {
                em.persist(new PlatformTenant(tenant, displayName, Instant.now()));
                audit.startChain(tenant);
            }
            return null;
        });
        forgetAfterCompletion(tenant);
    }

    @Transactional
    public PlatformTenant suspend(String tenant) {
        return transition(tenant, TenantStatus.SUSPENDED, TenantStatus.ACTIVE);
    }

    @Transactional
    public PlatformTenant resume(String tenant) {
        return transition(tenant, TenantStatus.ACTIVE, TenantStatus.SUSPENDED);
    }

    /**
     * Sets the tenant's rate limits (requests per minute, requests at once on a node; null: the platform's default).
     */
    @Transactional
    public PlatformTenant limit(String tenant, Integer requestsPerMinute, Integer userRequestsPerMinute, Integer concurrentRequests) {
        for (Integer limit : new Integer[]{requestsPerMinute, userRequestsPerMinute}) {
            if (limit != null && (limit < 1 || limit > 1_000_000)) {
                throw new RequestRefused(400, "A rate limit is 1 to 1000000 requests per minute, or null for the default");
            }
        }
        if (concurrentRequests != null && (concurrentRequests < 1 || concurrentRequests > 10_000)) {
            throw new RequestRefused(400, "A limit of requests at once is 1 to 10000, or null for the default");
        }
        PlatformTenant current = locked(tenant);
        if (current.getStatus() != TenantStatus.ACTIVE && current.getStatus() != TenantStatus.SUSPENDED) {
            throw new RequestRefused(409, "Tenant " + tenant + " is " + current.getStatus() + "; its limits no longer apply");
        }
        current.limit(requestsPerMinute, userRequestsPerMinute, concurrentRequests);
        forgetAfterCompletion(tenant);
        return current;
    }

    /** Marks the tenant for offboarding; {@link TenantOffboarding} erases it. Idempotent once it is offboarding. */
    @Transactional
    public PlatformTenant startOffboarding(String tenant) {
        PlatformTenant current = locked(tenant);
        if (current.getStatus() == TenantStatus.OFFBOARDING || current.getStatus() == TenantStatus.OFFBOARDED) {
            return current;
        }
        return transition(tenant, TenantStatus.OFFBOARDING, TenantStatus.ACTIVE, TenantStatus.SUSPENDED);
    }

    @Transactional
    public List<String> offboarding() {
        return CurrentCaller.runAsUnchecked(REGISTRY, () -> em.createQuery(
                "select t.tenant from PlatformTenant t where t.status = :status order by t.tenant", String.class)
                .setParameter("status", TenantStatus.OFFBOARDING).getResultList());
    }

    @Transactional
    public void erasedBy(String tenant, String eraser) {
        locked(tenant).erasedBy(eraser);
    }

    @Transactional
    public void offboarded(String tenant) {
        PlatformTenant current = locked(tenant);
        if (current.getStatus() == TenantStatus.OFFBOARDING) {
            current.toTombstone(Instant.now());
            forgetAfterCompletion(tenant);
        }
    }

    private PlatformTenant transition(String tenant, TenantStatus to, TenantStatus... from) {
        PlatformTenant current = locked(tenant);
        if (tenant.equals(PlatformRoles.OPERATOR_TENANT)) {
            throw new RequestRefused(409, "The operator's own tenant " + tenant + " stays active");
        }
        if (!List.of(from).contains(current.getStatus())) {
            throw new RequestRefused(409, "Tenant " + tenant + " is " + current.getStatus() + "; it cannot become " + to);
        }
        current.changeStatus(to, Instant.now());
        forgetAfterCompletion(tenant);
        return current;
    }

    private PlatformTenant locked(String tenant) {
        return CurrentCaller.runAsUnchecked(REGISTRY, () -> Optional.ofNullable(
                        em.find(PlatformTenant.class, tenant, LockModeType.PESSIMISTIC_WRITE))
                .orElseThrow(() -> new RequestRefused(404, "No tenant " + tenant)));
    }

    /** Another node (or anyone) changed a tenant: its cached policy goes. */
    void forgetChanged(@jakarta.enterprise.event.Observes de.deutschlandstack.core.cluster.SharedFacts.Changed changed) {
        if (changed.kind() == de.deutschlandstack.core.cluster.SharedFacts.Kind.TENANT) {
            forgetCount.incrementAndGet();
            statuses.keySet().removeIf(changed::concerns);
        }
    }

    /** Drops the tenant's cached policy now and when the transaction ends ({@link AfterCompletion}). */
    private void forgetAfterCompletion(String tenant) {
        AfterCompletion.forgetNowAndAtEnd(transaction, () -> {
            forgetCount.incrementAndGet();
            statuses.remove(tenant);
        });
    }
}
