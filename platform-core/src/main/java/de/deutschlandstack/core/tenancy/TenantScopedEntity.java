package de.deutschlandstack.core.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import org.hibernate.annotations.TenantId;

/**
 * Base of every business entity: the row belongs to the tenant of the caller who created it.
 *
 * <p>Hibernate fills {@code tenant} on insert and adds {@code tenant = :current} to every query, so rows of
 * other tenants are invisible. The tenant is never part of the OData model: clients can neither read nor set
 * it. {@code version} gives optimistic locking and the entity's ETag.
 */
@MappedSuperclass
public abstract class TenantScopedEntity {

    @TenantId
    @Column(name = "tenant", nullable = false, updatable = false, length = 64)
    private String tenant;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    public String getTenant() {
        return tenant;
    }

    public long getVersion() {
        return version;
    }
}
