package de.deutschlandstack.core.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import org.hibernate.annotations.TenantId;

/**
 * Base of every business entity: the row belongs to the tenant of the caller who created it.
 *
 * <p>Hibernate fills {@code tenant} on insert. Isolation is kept three times: the OData runtime writes
 * {@code tenant = ?} for every alias of every statement it builds (root, joins, subqueries, derived tables);
 * Hibernate's {@code @TenantId} filter restricts entity loading on the write path (roots and single-valued joins
 * only, not collections); and every many-to-one association between tenant-scoped entities is a composite foreign key
 * {@code (parent_id, tenant) -> (id, tenant)} ({@code TenantForeignKeys}), so no row can point into another
 * tenant. The tenant is never part of the OData model: clients can neither read nor set it. {@code version}
 * gives optimistic locking and the entity's ETag.
 */
@MappedSuperclass
public abstract class TenantScopedEntity {

    /** The attribute that holds the tenant, as queries name it. */
    public static final String TENANT_ATTRIBUTE = "tenant";

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
