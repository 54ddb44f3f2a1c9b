package de.deutschlandstack.core.tenancy;

import org.hibernate.context.spi.CurrentTenantIdentifierResolver;

/**
 * Hands Hibernate the tenant of the bound caller. Registered in persistence.xml through
 * {@code hibernate.tenant_identifier_resolver}; no tenant is ever "root", so no session sees all tenants.
 */
public class PlatformTenantResolver implements CurrentTenantIdentifierResolver<String> {

    @Override
    public String resolveCurrentTenantIdentifier() {
        return CurrentCaller.require().tenant();
    }

    @Override
    public boolean validateExistingCurrentSessions() {
        return true;
    }

    @Override
    public boolean isRoot(String tenantId) {
        return false;
    }
}
