package de.deutschlandstack.core.security;

import de.deutschlandstack.core.web.ErrorBodies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP Basic as RFC 7617 defines it, against the platform's user store ({@link PlatformIdentityStore}). Replaces the
 * container's built-in mechanism, which splits the credentials at every colon (a password {@code demo:extra} logged
 * in as {@code demo}), answers 500 to an empty password, a missing colon or invalid base64, and ignores the scheme
 * written in lower case. Here the password is everything after the first colon, the scheme is case-insensitive, and
 * every malformed header is simply not a login: 401 with a challenge.
 */
@ApplicationScoped
public class PlatformBasicAuthentication implements HttpAuthenticationMechanism {

    static final String CHALLENGE = "Basic realm=\"Deutschland Stack\", charset=\"UTF-8\"";
    /** Far above any real user name and password; a longer header is not read at all. */
    private static final int MAX_HEADER_LENGTH = 4096;

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    LoginThrottle throttle;

    /** User name and password from an {@code Authorization} header, or empty when it is not valid Basic. */
    record Login(String user, String password) {

        static Optional<Login> parse(String header) {
            if (header == null || header.length() > MAX_HEADER_LENGTH) {
                return Optional.empty();
            }
            String[] parts = header.strip().split("[ \t]+", 2);
            if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("basic")) {
                return Optional.empty();
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(parts[1].strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0 || colon == decoded.length() - 1) {
                return Optional.empty();
            }
            String user = decoded.substring(0, colon);
            if (!user.strip().equals(user)) {
                // " anna@stadt-muenchen" is not anna: user names are taken exactly as registered.
                return Optional.empty();
            }
            return Optional.of(new Login(decoded.substring(0, colon), decoded.substring(colon + 1)));
        }
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        // Two Authorization headers are no login: which one would the client mean?
        java.util.List<String> headers = java.util.Collections.list(request.getHeaders("Authorization"));
        Optional<Login> login = headers.size() == 1 ? Login.parse(headers.get(0)) : Optional.empty();
        if (login.isPresent()) {
            String address = request.getRemoteAddr();
            java.util.OptionalLong wait = throttle.refusal(login.get().user(), address);
            if (wait.isPresent()) {
                response.setHeader("Retry-After", String.valueOf(wait.getAsLong()));
                try {
                    ErrorBodies.write(request, response, 429, "Too Many Requests",
                            "Too many failed logins; retry after " + wait.getAsLong() + " s");
                    // Committed now, so that the container sends it as written rather than an error page of its own.
                    response.flushBuffer();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                // The response is written: the container sends it as it is.
                return AuthenticationStatus.SEND_CONTINUE;
            }
            CredentialValidationResult result = identityStores.validate(
                    new UsernamePasswordCredential(login.get().user(), login.get().password()));
            if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                return context.notifyContainerAboutLogin(result);
            }
            throttle.failed(login.get().user(), address);
        }
        if (!context.isProtected()) {
            return context.doNothing();
        }
        response.setHeader("WWW-Authenticate", CHALLENGE);
        return context.responseUnauthorized();
    }
}
