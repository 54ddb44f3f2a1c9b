package de.deutschlandstack.core.admin;

import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.security.PlatformUsers;
import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import de.deutschlandstack.core.tenancy.PlatformTenant;
import de.deutschlandstack.core.tenancy.TenantOnboarded;
import de.deutschlandstack.core.tenancy.TenantRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Set;

/** Onboards a tenant in one transaction: its registry entry, its first admin, its defaults. All of it or nothing. */
@ApplicationScoped
public class TenantOnboarding {

    @Inject
    TenantRegistry registry;

    @Inject
    PlatformUsers users;

    @Inject
    Event<TenantOnboarded> onboarded;

    @Transactional
    public PlatformTenant onboard(String tenant, String displayName, String adminUser, String adminPassword) {
        TenantRegistry.checkId(tenant);
        // The defaults go first: the transaction's persistence context takes its tenant from the caller bound when it
        // is first used, and the tenant's own rows must be written by a context of that tenant. The registry and the
        // user store that follow are not tenant-scoped; if either refuses, the whole transaction rolls back.
        CurrentCaller.runAsUnchecked(Caller.system(tenant), () -> {
            onboarded.fire(new TenantOnboarded(tenant));
            return null;
        });
        PlatformTenant created = registry.register(tenant, displayName);
        users.register(adminUser, tenant, adminPassword, Set.of(PlatformRoles.TENANT_ADMIN, PlatformRoles.BUSINESS_USER));
        return created;
    }
}
