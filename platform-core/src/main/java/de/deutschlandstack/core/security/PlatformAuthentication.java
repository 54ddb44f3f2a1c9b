package de.deutschlandstack.core.security;

import de.deutschlandstack.core.web.ErrorPage;
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
 * The platform's login: bearer tokens (RFC 6750), the platform's own or an external OIDC issuer's ({@link BearerTokens}),
 * and HTTP Basic as RFC 7617 defines it, against the platform's user store ({@link PlatformIdentityStore}). Basic replaces
 * the container's built-in mechanism, which splits the credentials at every colon (a password {@code demo:extra} logged
 * in as {@code demo}), answers 500 to an empty password, a missing colon or invalid base64, and ignores the scheme
 * written in lower case. Here the password is everything after the first colon, the scheme is case-insensitive, and
 * every malformed header is simply not a login: 401 with a challenge.
 */
@ApplicationScoped
public class PlatformAuthentication implements HttpAuthenticationMechanism {

    static final String CHALLENGE = "Basic realm=\"Deutschland Stack\", charset=\"UTF-8\"";
    static final String BEARER_CHALLENGE = "Bearer realm=\"Deutschland Stack\"";
    /** How the request was authenticated ({@code Basic} or {@code Bearer}), as a request attribute. */
    public static final String SCHEME = PlatformAuthentication.class.getName() + ".scheme";
    /** Far above any real user name and password; a longer header is not read at all. */
    private static final int MAX_HEADER_LENGTH = 4096;

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    LoginThrottle throttle;

    @Inject
    BearerTokens tokens;

    @Inject
    PlatformUsers users;

    @Inject
    de.deutschlandstack.core.audit.AuditTrail audit;

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

    @Inject
    de.deutschlandstack.core.health.DatabaseAvailability database;

    /**
     * Every login needs the database (the user store, the user's status): while it is unavailable the request is answered
     * 503 with {@code Retry-After} at once, and a login that finds it gone on the way likewise, instead of a 500.
     */
    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        if (!database.available()) {
            return databaseUnavailable(request, response);
        }
        try {
            return authenticate(request, response, context);
        } catch (RuntimeException e) {
            if (de.deutschlandstack.core.health.DatabaseAvailability.reportIfUnavailability(e)) {
                return databaseUnavailable(request, response);
            }
            throw e;
        }
    }

    private static AuthenticationStatus databaseUnavailable(HttpServletRequest request, HttpServletResponse response) {
        return refused(request, response, 503, de.deutschlandstack.core.health.DatabaseAvailability.RETRY_AFTER_SECONDS,
                de.deutschlandstack.core.health.DatabaseAvailability.MESSAGE);
    }

    /**
     * A refusal before any login: the status and {@code Retry-After} are set here and the container answers them with the
     * error page ({@link ErrorPage}), which writes {@code message} in the protocol's format. (Writing the body here would
     * not do: the container then sends an error of its own on the committed response.)
     */
    private static AuthenticationStatus refused(HttpServletRequest request, HttpServletResponse response, int status,
                                                long retryAfterSeconds, String message) {
        response.setHeader("Retry-After", String.valueOf(retryAfterSeconds));
        request.setAttribute(ErrorPage.MESSAGE, message);
        response.setStatus(status);
        return AuthenticationStatus.SEND_FAILURE;
    }

    private AuthenticationStatus authenticate(HttpServletRequest request, HttpServletResponse response,
                                              HttpMessageContext context) {
        // Two Authorization headers are no login: which one would the client mean?
        java.util.List<String> headers = java.util.Collections.list(request.getHeaders("Authorization"));
        Optional<String> bearer = headers.size() == 1 ? bearerToken(headers.get(0)) : Optional.empty();
        if (bearer.isPresent()) {
            Optional<de.deutschlandstack.core.tenancy.Caller> caller;
            try {
                caller = tokens.verify(bearer.get());
            } catch (BearerTokens.IssuerUnavailable e) {
                return refused(request, response, 503, BearerTokens.IssuerUnavailable.RETRY_AFTER_SECONDS, e.getMessage());
            }
            if (caller.isPresent()) {
                request.setAttribute(CallerResolution.VERIFIED_CALLER, caller.get());
                request.setAttribute(SCHEME, "Bearer");
                return context.notifyContainerAboutLogin(caller.get().user(), caller.get().roles());
            }
            if (!context.isProtected()) {
                return context.doNothing();
            }
            response.setHeader("WWW-Authenticate", BEARER_CHALLENGE + ", error=\"invalid_token\"");
            return context.responseUnauthorized();
        }
        Optional<Login> login = headers.size() == 1 ? Login.parse(headers.get(0)) : Optional.empty();
        if (login.isPresent()) {
            String address = request.getRemoteAddr();
            java.util.OptionalLong wait = throttle.refusal(login.get().user(), address);
            if (wait.isPresent()) {
                return refused(request, response, 429, wait.getAsLong(), "Too many failed logins; retry after " + wait.getAsLong() + " s");
            }
            CredentialValidationResult result = identityStores.validate(
                    new UsernamePasswordCredential(login.get().user(), login.get().password()));
            if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                request.setAttribute(SCHEME, "Basic");
                return context.notifyContainerAboutLogin(result);
            }
            throttle.failed(login.get().user(), address);
            auditFailedLogin(login.get().user(), address);
        }
        if (!context.isProtected()) {
            return context.doNothing();
        }
        response.setHeader("WWW-Authenticate", CHALLENGE);
        response.addHeader("WWW-Authenticate", BEARER_CHALLENGE);
        return context.responseUnauthorized();
    }

    /**
     * A failed login of a user goes to the trail of the user's tenant. One with a name nobody has is not recorded: it
     * concerns no tenant, the name may be a mistyped password, and recording it would let anyone fill a trail (the
     * login throttle bounds the attempts per address).
     */
    private void auditFailedLogin(String user, String address) {
        users.tenantOf(user).ifPresent(tenant -> audit.appendNow(tenant, java.util.List.of(new de.deutschlandstack.core.audit.AuditTrail.Entry(
                "anonymous", de.deutschlandstack.core.audit.AuditKind.SECURITY, "LOGIN_FAILED", "Users", user, "from " + address))));
    }

    /** The token of {@code Authorization: Bearer <token>} (scheme in any case), or empty. */
    static Optional<String> bearerToken(String header) {
        if (header == null || header.length() > 8192) {
            return Optional.empty();
        }
        String[] parts = header.strip().split("[ \t]+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer") || parts[1].isBlank()) {
            return Optional.empty();
        }
        return Optional.of(parts[1].strip());
    }
}
