package de.deutschlandstack.core.tenancy;

import java.util.Objects;
import java.util.Set;

/**
 * Who is calling: the authenticated user, the tenant their data belongs to, and their roles.
 * Built in exactly one place ({@link CallerResolution}) from the authenticated principal.
 */
public record Caller(String user, String tenant, Set<String> roles) {

    public Caller {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(tenant, "tenant");
        if (tenant.isBlank()) {
            throw new IllegalArgumentException("A caller always belongs to a tenant");
        }
        roles = Set.copyOf(roles);
    }

    /** A platform job acting for one tenant, e.g. seeding demo data or draining the outbox. */
    public static Caller system(String tenant) {
        return new Caller("system", tenant, Set.of("system"));
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
