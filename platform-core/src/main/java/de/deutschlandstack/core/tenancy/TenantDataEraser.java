package de.deutschlandstack.core.tenancy;

/**
 * Erases what one part of the platform keeps for a tenant, when the tenant is offboarded. This is the one place a
 * capability registers what it must forget: implement it as a CDI bean ({@code @ApplicationScoped}) in the module that
 * keeps the data; {@link TenantOffboarding} finds every implementation and runs each once per tenant.
 *
 * <p>Registered today (docs/security.md lists what each erases): {@code ai-models} (the AI services' model store and
 * loaded models, {@code ai.registry.ModelRegistry}), {@code database} ({@link DatabaseTenantEraser}: every row of every
 * table with a tenant column) and {@code lake} ({@code core.changes.LakeErasures}: the lake's tables and their history).
 */
public interface TenantDataEraser {

    /** A stable name: offboarding records it when this eraser has finished for a tenant, and skips it when resuming. */
    String name();

    /**
     * Erases everything this part of the platform keeps for the tenant. It runs with the tenant bound as a platform job
     * ({@link Caller#system}), after the tenant is refused to every user. It must be idempotent: a crash midway runs it
     * again from the start, over what it already erased.
     */
    void erase(String tenant);
}
