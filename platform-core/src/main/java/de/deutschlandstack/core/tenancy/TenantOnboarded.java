package de.deutschlandstack.core.tenancy;

/**
 * Fired inside the transaction that registers a new tenant, with the tenant bound as a platform job: observe it to give
 * the tenant its defaults (code lists, accounts). An observer that fails undoes the onboarding.
 */
public record TenantOnboarded(String tenant) {
}
