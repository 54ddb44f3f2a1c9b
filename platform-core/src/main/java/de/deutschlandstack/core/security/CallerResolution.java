package de.deutschlandstack.core.security;

import de.deutschlandstack.core.tenancy.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.Principal;
import java.util.Optional;

/**
 * The single place where an authenticated principal becomes a {@link Caller}: tenant, user and roles.
 *
 * <p>The tenant always comes from the platform's own record of the user (or, with OIDC, from a claim of a token whose
 * signature was verified), never from anything the client sends alongside the request. A disabled user resolves to
 * nobody.
 */
@ApplicationScoped
public class CallerResolution {

    /** The caller a verified bearer token stands for, set by {@link PlatformAuthentication} (never by a client). */
    static final String VERIFIED_CALLER = CallerResolution.class.getName() + ".caller";

    @Inject
    PlatformUsers users;

    /** The request's caller: the one its token stands for, or the user store's record of its principal. */
    public Optional<Caller> resolve(jakarta.servlet.http.HttpServletRequest request) {
        if (request.getAttribute(VERIFIED_CALLER) instanceof Caller verified) {
            return Optional.of(verified);
        }
        return resolve(request.getUserPrincipal());
    }

    public Optional<Caller> resolve(Principal principal) {
        if (principal == null) {
            return Optional.empty();
        }
        return users.callerOf(principal.getName());
    }
}
