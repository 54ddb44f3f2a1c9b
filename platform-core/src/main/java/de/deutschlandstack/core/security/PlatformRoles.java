package de.deutschlandstack.core.security;

import java.util.Set;

/**
 * The platform's roles. A caller holds any number of them; entity sets and their actions say which they need
 * ({@code ODataEntitySet#read()}, {@code #write()}, {@code ODataAction#roles()}), and {@link AccessPolicy} enforces it.
 *
 * <p>The platform operator ({@link #PLATFORM_ADMIN}) manages tenants but reads none of their business data: a
 * sovereign platform keeps its operator out of its customers' books. An {@link #AUDITOR} reads the audit trail,
 * not the books either, unless a set names the role.
 */
public final class PlatformRoles {

    /** Onboards, suspends and offboards tenants; belongs to the operator's own tenant {@link #OPERATOR_TENANT}. */
    public static final String PLATFORM_ADMIN = "platform-admin";
    /** Manages the users of one tenant and does everything a business user does. */
    public static final String TENANT_ADMIN = "tenant-admin";
    /** Reads and writes the tenant's business objects and runs their actions. */
    public static final String BUSINESS_USER = "business-user";
    /** Reads the tenant's business objects. */
    public static final String READ_ONLY = "read-only";
    /** Reads the tenant's audit trail. */
    public static final String AUDITOR = "auditor";
    /** Trusted platform code acting for one tenant (seeding, erasing), never a login. */
    public static final String SYSTEM = "system";

    /**
     * Reads the change feed of every tenant for the data lake ({@code /api/lake}), and nothing else: no business object,
     * no audit trail through OData. Held by one technical account of the operator's tenant, {@link #LAKE_ACCOUNT}, which
     * the platform keeps from its configuration ({@code PLATFORM_LAKE_PASSWORD}); no admin can assign the role.
     */
    public static final String LAKE_READER = "lake-reader";

    /** The data lake's technical account, in the operator's tenant. */
    public static final String LAKE_ACCOUNT = "lake@platform";

    public static final Set<String> ASSIGNABLE = Set.of(PLATFORM_ADMIN, TENANT_ADMIN, BUSINESS_USER, READ_ONLY, AUDITOR);

    /** The tenant the platform operator's own accounts belong to; it holds no business data. */
    public static final String OPERATOR_TENANT = "platform";

    private PlatformRoles() {
    }
}
