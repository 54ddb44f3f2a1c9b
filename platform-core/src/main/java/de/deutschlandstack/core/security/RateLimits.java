package de.deutschlandstack.core.security;

import de.deutschlandstack.core.config.PlatformSettings;
import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.TenantRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-tenant and per-user request budgets, so that no client can slow the platform for others: each request takes one
 * from its user's budget and one from its tenant's. The platform admin sets a tenant's limits
 * ({@code PUT /api/admin/tenants/{tenant}/limits}); otherwise {@code PLATFORM_RATE_LIMIT_USER_PER_MINUTE} and
 * {@code PLATFORM_RATE_LIMIT_TENANT_PER_MINUTE} hold. A {@code $batch} is one request (its size has its own limit).
 * Budgets are per node: behind a load balancer over n nodes a client gets up to n times the limit.
 *
 * <p>Besides, a tenant has at most so many requests under way at once on a node ({@link #enter}): a budget per minute
 * does not stop a tenant's few slow requests ({@code $apply} over a year, a large {@code $batch}) from holding every
 * connection and thread; this does ({@code PLATFORM_RATE_LIMIT_TENANT_CONCURRENT}, or the tenant's own limit).
 */
@ApplicationScoped
public class RateLimits {

    private static final int MAX_TRACKED = 100_000;

    @Inject
    PlatformSettings settings;

    @Inject
    TenantRegistry tenants;

    private final Map<String, RequestBudget> users = new ConcurrentHashMap<>();
    private final Map<String, RequestBudget> tenantBudgets = new ConcurrentHashMap<>();
    /** Requests under way per tenant; a tenant with none has no entry, so the map holds at most one per request thread. */
    private final Map<String, Integer> underWay = new ConcurrentHashMap<>();

    /** Takes the request from the caller's budgets: empty if it may run, else the seconds to wait (Retry-After). */
    public OptionalLong take(Caller caller) {
        TenantRegistry.TenantPolicy policy = tenants.policy(caller.tenant()).orElse(null);
        int userLimit = policy != null && policy.userRequestsPerMinute() != null ? policy.userRequestsPerMinute()
                : settings.userRequestsPerMinute();
        int tenantLimit = policy != null && policy.requestsPerMinute() != null ? policy.requestsPerMinute()
                : settings.tenantRequestsPerMinute();
        long now = System.nanoTime();
        RequestBudget tenant = budget(tenantBudgets, caller.tenant());
        // Check the tenant first without taking, so that a refused user does not use up the tenant's budget.
        if (!tenant.has(tenantLimit, now)) {
            return OptionalLong.of(seconds(tenant.take(tenantLimit, now)));
        }
        long userWait = budget(users, caller.tenant() + "/" + caller.user()).take(userLimit, now);
        if (userWait > 0) {
            return OptionalLong.of(seconds(userWait));
        }
        long tenantWait = tenant.take(tenantLimit, now);
        return tenantWait > 0 ? OptionalLong.of(seconds(tenantWait)) : OptionalLong.empty();
    }

    /**
     * Admits one more request of the tenant unless it has as many under way on this node as it may have at once:
     * then false (429, retry after a second). Every admitted request ends with {@link #leave}.
     */
    public boolean enter(String tenant) {
        TenantRegistry.TenantPolicy policy = tenants.policy(tenant).orElse(null);
        int limit = policy != null && policy.concurrentRequests() != null ? policy.concurrentRequests()
                : settings.tenantConcurrentRequests();
        boolean[] admitted = {false};
        underWay.compute(tenant, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= limit) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        return admitted[0];
    }

    /** Ends a request {@link #enter} admitted. */
    public void leave(String tenant) {
        underWay.computeIfPresent(tenant, (key, count) -> count <= 1 ? null : count - 1);
    }

    private static RequestBudget budget(Map<String, RequestBudget> budgets, String key) {
        if (budgets.size() > MAX_TRACKED) {
            budgets.clear();
        }
        return budgets.computeIfAbsent(key, k -> new RequestBudget());
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
