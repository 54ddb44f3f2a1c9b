package de.deutschlandstack.core.security;

import de.deutschlandstack.core.tenancy.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

import java.util.Optional;

/**
 * The embedded default login: HTTP Basic ({@link PlatformAuthentication}) against {@link PlatformUsers}. OIDC replaces the mechanism in
 * production; the caller it produces is resolved the same way ({@link CallerResolution}).
 */
@ApplicationScoped
public class PlatformIdentityStore implements IdentityStore {

    @Inject
    PlatformUsers users;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential login)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        Optional<Caller> caller = users.authenticate(login.getCaller(), login.getPasswordAsString());
        return caller
                .map(c -> new CredentialValidationResult(c.user(), c.roles()))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
