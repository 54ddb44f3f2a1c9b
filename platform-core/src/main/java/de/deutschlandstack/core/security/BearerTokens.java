package de.deutschlandstack.core.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.deutschlandstack.core.config.PlatformSettings;
import de.deutschlandstack.core.tenancy.Caller;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens: the platform's own, which it issues to its users ({@link #issue}), and those of an external OpenID
 * Connect issuer configured by environment. Both are verified by jose4j, the JOSE library under WildFly's own MicroProfile
 * JWT and Elytron OIDC: signature (RS256 for the platform's; the issuer's keys from its JWKS), issuer, audience,
 * expiry. No JWT is parsed or checked by hand.
 *
 * <p>A platform token names its user and the user's credential generation; the caller is then the user as the store
 * knows them now (roles, enabled), so a password change or a disabling refuses every token issued before it, at the
 * next request. An external token's caller comes from its claims: user, tenant and roles (the claims' names are
 * configurable); the tenant must be registered and active like any other. A verified token is remembered until it
 * expires under a digest, so that a client's next request costs a hash and a map lookup, not a signature check.
 */
@ApplicationScoped
public class BearerTokens {

    private static final Logger LOG = Logger.getLogger(BearerTokens.class);
    /** The audience of the platform's own tokens. */
    static final String AUDIENCE = "deutschland-stack";
    private static final int MAX_REMEMBERED = 20_000;
    private static final int CLOCK_SKEW_SECONDS = 30;

    @Inject
    PlatformSettings settings;

    @Inject
    TokenKeys keys;

    @Inject
    PlatformUsers users;

    private JwtConsumer platformTokens;
    private volatile JwtConsumer externalTokens;
    /** After a failed discovery, tokens of the issuer are refused without asking it again until then. */
    private volatile long discoveryRetryAt;
    private final JwtConsumer issuerOnly = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
            .setSkipSignatureVerification().build();

    /** What a verified token says, until when: a platform user of a credential generation, or an external caller. */
    private record Verified(String user, int generation, String tenant, Caller external, long expiresAtMillis) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /**
     * The external issuer's keys cannot be had (its discovery document or key set does not answer): its tokens can be
     * neither accepted nor refused as invalid. The request is answered 503 with {@code Retry-After}; the rest of the
     * platform (its own tokens, Basic) works on.
     */
    public static final class IssuerUnavailable extends RuntimeException {

        /** Seconds the client waits before it tries again. */
        public static final int RETRY_AFTER_SECONDS = 30;

        IssuerUnavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** Whether the external issuer was found unreachable at its last use: its going and coming back are one log line each. */
    private volatile boolean issuerUnreachable;
    /** While the issuer is unreachable, its tokens are answered 503 without asking it until then. */
    private volatile long issuerRetryAt;

    /** A token the platform issued, as the token endpoint answers it (RFC 6749 section 5.1). */
    public record IssuedToken(String accessToken, int expiresIn) {
    }

    @PostConstruct
    void configure() {
        platformTokens = new JwtConsumerBuilder()
                .setRequireExpirationTime().setRequireIssuedAt().setRequireSubject().setRequireJwtId()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setMaxFutureValidityInMinutes(Math.max(1, settings.tokenLifetimeSeconds() / 60 + 1))
                .setExpectedIssuer(settings.tokenIssuer())
                .setExpectedAudience(AUDIENCE)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver((jws, nesting) -> keys.verifier(jws.getKeyIdHeaderValue())
                        .orElseThrow(() -> new UnresolvableKeyException("The token names no key of this platform")))
                .build();
    }

    /** Issues a token for the user as the store knows them now. */
    public IssuedToken issue(Caller caller) {
        int generation = users.generationOf(caller.user())
                .orElseThrow(() -> new IllegalStateException("Tokens are issued to users of the platform's store"));
        int lifetime = settings.tokenLifetimeSeconds();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(settings.tokenIssuer());
        claims.setAudience(AUDIENCE);
        claims.setSubject(caller.user());
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + lifetime));
        claims.setGeneratedJwtId();
        claims.setClaim("tenant", caller.tenant());
        claims.setClaim("gen", generation);
        TokenKeys.Signer signer = keys.signer();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signer.key());
        jws.setKeyIdHeaderValue(signer.kid());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return new IssuedToken(jws.getCompactSerialization(), lifetime);
        } catch (JoseException e) {
            throw new IllegalStateException("Signing a token failed", e);
        }
    }

    /**
     * The caller a bearer token stands for, or empty when it is not valid (here and now) or its user is no longer.
     *
     * @throws IssuerUnavailable when the token names the configured external issuer and that cannot be reached
     */
    public Optional<Caller> verify(String token) {
        if (token == null || token.length() > 8192) {
            return Optional.empty();
        }
        String digest = digest(token);
        long now = System.currentTimeMillis();
        Verified known = verified.get(digest);
        if (known == null || known.expiresAtMillis() <= now) {
            known = check(token).orElse(null);
            if (known == null) {
                return Optional.empty();
            }
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(digest, known);
        }
        if (known.external() != null) {
            return Optional.of(known.external());
        }
        // The user of that name, of that generation, in the tenant the token was issued for (a name offboarded with its
        // tenant and taken again elsewhere is someone else).
        String tenant = known.tenant();
        return users.tokenCaller(known.user(), known.generation()).filter(caller -> caller.tenant().equals(tenant));
    }

    /**
     * The signing keys changed (a key that leaked was removed, say): every token is checked again at its next use. (A
     * changed user needs nothing here: each use of a platform token asks {@link PlatformUsers} for its user.)
     */
    void forgetChanged(@jakarta.enterprise.event.Observes de.deutschlandstack.core.cluster.SharedFacts.Changed changed) {
        if (changed.kind() == de.deutschlandstack.core.cluster.SharedFacts.Kind.SIGNING_KEYS) {
            verified.clear();
        }
    }

    private Optional<Verified> check(String token) {
        try {
            JwtContext context = issuerOnly.process(token);
            String issuer = context.getJwtClaims().getIssuer();
            if (issuer == null) {
                return Optional.empty();
            }
            if (settings.tokenIssuer().equals(issuer)) {
                platformTokens.processContext(context);
                JwtClaims claims = context.getJwtClaims();
                Number generation = claims.getClaimValue("gen", Number.class);
                if (generation == null) {
                    return Optional.empty();
                }
                return Optional.of(new Verified(claims.getSubject(), generation.intValue(), claims.getStringClaimValue("tenant"), null,
                        expiry(claims)));
            }
            if (settings.oidcIssuer().filter(issuer::equals).isPresent()) {
                if (issuerUnreachable && System.currentTimeMillis() < issuerRetryAt) {
                    // Found unreachable a moment ago: not asked again before then, so that no request thread waits on it.
                    throw issuerUnavailable();
                }
                JwtConsumer external;
                try {
                    external = externalTokens();
                } catch (RuntimeException e) {
                    throw issuerUnreachable(e);
                }
                try {
                    external.processContext(context);
                } catch (InvalidJwtException e) {
                    // Its key set could not be fetched (no answer): not the token's fault. Only a failure of the network
                    // counts: what the token itself names (an algorithm, a key id) is the token's, and a client that could
                    // make the platform take the issuer for away would lock its users out.
                    if (causes(e).stream().anyMatch(cause -> cause instanceof IOException)) {
                        throw issuerUnreachable(e);
                    }
                    throw e;
                }
                if (issuerUnreachable) {
                    issuerUnreachable = false;
                    LOG.infof("OIDC issuer %s reachable again", issuer);
                }
                return externalCaller(context.getJwtClaims()).map(c -> new Verified(null, 0, null, c, expiryOf(context)));
            }
            return Optional.empty();
        } catch (InvalidJwtException | MalformedClaimException e) {
            LOG.debugf("Bearer token refused: %s", e.getMessage());
            return Optional.empty();
        }
    }

    /** The issuer could not be reached: logged once until it is reached again, answered 503, not asked for a while. */
    private IssuerUnavailable issuerUnreachable(Exception cause) {
        issuerRetryAt = System.currentTimeMillis() + IssuerUnavailable.RETRY_AFTER_SECONDS * 1000L;
        if (!issuerUnreachable) {
            issuerUnreachable = true;
            LOG.warnf("OIDC issuer unreachable, requests with its tokens are answered 503 until it is back: %s", cause.getMessage());
        }
        return issuerUnavailable();
    }

    private static IssuerUnavailable issuerUnavailable() {
        return new IssuerUnavailable("The identity provider that issued the token cannot be reached at the moment; retry after "
                + IssuerUnavailable.RETRY_AFTER_SECONDS + " s");
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable cause = failure; cause != null && causes.size() < 20; cause = cause.getCause()) {
            causes.add(cause);
        }
        return causes;
    }

    private long expiryOf(JwtContext context) {
        try {
            return expiry(context.getJwtClaims());
        } catch (MalformedClaimException e) {
            return 0;
        }
    }

    private static long expiry(JwtClaims claims) throws MalformedClaimException {
        return claims.getExpirationTime().getValueInMillis();
    }

    /** The caller an external token's claims name: user, tenant and roles, each from its configured claim. */
    private Optional<Caller> externalCaller(JwtClaims claims) throws MalformedClaimException {
        String user = claims.getClaimValueAsString(settings.oidc("user-claim", "preferred_username"));
        String tenant = claims.getClaimValueAsString(settings.oidc("tenant-claim", "tenant"));
        if (user == null || user.isBlank() || tenant == null || tenant.isBlank()) {
            return Optional.empty();
        }
        Set<String> roles = new LinkedHashSet<>();
        Object claimed = claims.getClaimValue(settings.oidc("roles-claim", "groups"));
        List<Object> values = claimed instanceof List<?> list ? new ArrayList<>(list) : claimed == null ? List.of() : List.of(claimed);
        boolean operator = tenant.equals(PlatformRoles.OPERATOR_TENANT);
        for (Object value : values) {
            String role = String.valueOf(value);
            // Only the platform's roles count: platform-admin in the operator's tenant and nowhere else, and there
            // nothing else (a tenant-admin of the operator's tenant would manage the platform admins).
            if (PlatformRoles.ASSIGNABLE.contains(role) && operator == role.equals(PlatformRoles.PLATFORM_ADMIN)) {
                roles.add(role);
            }
        }
        return Optional.of(new Caller(user, tenant, roles));
    }

    /** The consumer for the external issuer's tokens, built on first use (its JWKS is fetched then, and refreshed by jose4j). */
    private JwtConsumer externalTokens() {
        JwtConsumer consumer = externalTokens;
        if (consumer == null) {
            synchronized (this) {
                if (externalTokens == null) {
                    String issuer = settings.oidcIssuer().orElseThrow();
                    long now = System.currentTimeMillis();
                    if (now < discoveryRetryAt) {
                        throw new IllegalStateException("the issuer's discovery failed less than 30 s ago");
                    }
                    String configured = settings.oidc("jwks-url", "");
                    String jwksUrl;
                    try {
                        jwksUrl = configured.isEmpty() ? jwksUri(issuer) : configured;
                    } catch (RuntimeException e) {
                        discoveryRetryAt = now + 30_000;
                        throw e;
                    }
                    HttpsJwks jwks = new HttpsJwks(jwksUrl);
                    // A request waits for the issuer's keys a few seconds at most, and asks once: an issuer that hangs
                    // holds no request thread long (jose4j's defaults are 20 s each way and three retries).
                    org.jose4j.http.Get get = new org.jose4j.http.Get();
                    get.setConnectTimeout(2_000);
                    get.setReadTimeout(3_000);
                    get.setRetries(0);
                    get.setResponseBodySizeLimit(1 << 20);
                    jwks.setSimpleHttpGet(get);
                    externalTokens = new JwtConsumerBuilder()
                            .setRequireExpirationTime().setRequireSubject()
                            .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                            .setExpectedIssuer(issuer)
                            .setExpectedAudience(settings.oidc("audience", AUDIENCE))
                            .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                                    AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384,
                                    AlgorithmIdentifiers.RSA_USING_SHA512, AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
                                    AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                                    AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384)
                            .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
                            .build();
                }
                consumer = externalTokens;
            }
        }
        return consumer;
    }

    /** The issuer's key set location from its discovery document (OpenID Connect Discovery 1.0). */
    private static String jwksUri(String issuer) {
        String discovery = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create(discovery)).timeout(Duration.ofSeconds(3)).build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode document = new ObjectMapper().readTree(response.body());
            String jwks = document.path("jwks_uri").asText(null);
            if (response.statusCode() != 200 || jwks == null) {
                throw new IllegalStateException("The OIDC issuer's discovery document " + discovery + " names no jwks_uri");
            }
            return jwks;
        } catch (IOException e) {
            throw new IllegalStateException("The OIDC issuer's discovery document " + discovery + " cannot be read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String digest(String token) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
