package de.deutschlandstack.core.security;

import de.deutschlandstack.core.tenancy.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single place where an authenticated principal becomes a {@link Caller}: tenant, user and roles.
 *
 * <p>The tenant always comes from the platform's own record of the user (or, with OIDC, from a signed token
 * claim), never from anything the client sends alongside the request.
 */
@ApplicationScoped
public class CallerResolution {

    private static final int MAX_CACHED = 10_000;

    @Inject
    PlatformUsers users;

    private final Map<String, Caller> byUserName = new ConcurrentHashMap<>();

    public Optional<Caller> resolve(Principal principal) {
        if (principal == null) {
            return Optional.empty();
        }
        Caller cached = byUserName.get(principal.getName());
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Caller> caller = users.callerOf(principal.getName());
        caller.ifPresent(c -> {
            if (byUserName.size() >= MAX_CACHED) {
                byUserName.clear();
            }
            byUserName.put(principal.getName(), c);
        });
        return caller;
    }
}
