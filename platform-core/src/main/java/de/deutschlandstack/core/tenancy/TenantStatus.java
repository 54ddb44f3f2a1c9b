package de.deutschlandstack.core.tenancy;

/** Where a tenant stands in its lifecycle. Only an active tenant's users reach anything. */
public enum TenantStatus {
    /** Its users work normally. */
    ACTIVE,
    /** Every request of its users is refused with 403 until the platform admin resumes it; its data stays. */
    SUSPENDED,
    /** Its data is being erased; refused like a suspended tenant. Resumes after a restart until it is done. */
    OFFBOARDING,
    /** Its data is gone; only the registry row stays, as a tombstone without anything personal. */
    OFFBOARDED
}
