package de.deutschlandstack.core.security;

import de.deutschlandstack.core.tenancy.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.Principal;
import java.util.Optional;

/**
 * The single place where an authenticated principal becomes a {@link Caller}: tenant, user and roles.
 *
 * <p>The tenant always comes from the platform's own record of the user (or, with OIDC, from a signed token
 * claim), never from anything the client sends alongside the request. A disabled user resolves to nobody.
 */
@ApplicationScoped
public class CallerResolution {

    @Inject
    PlatformUsers users;

    public Optional<Caller> resolve(Principal principal) {
        if (principal == null) {
            return Optional.empty();
        }
        return users.callerOf(principal.getName());
    }
}
