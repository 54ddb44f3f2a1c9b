package de.deutschlandstack.core.security;

import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded user store: registers users with PBKDF2-hashed passwords and checks credentials.
 *
 * <p>HTTP Basic sends the password with every request, and a strong hash costs tens of milliseconds; a
 * successful check is therefore remembered for a short time under a SHA-256 digest of the credentials
 * (never the password itself), so a client's second request costs a map lookup.
 */
@ApplicationScoped
public class PlatformUsers {

    /** Users are looked up before any tenant is known; the lookup runs under this technical tenant. */
    private static final Caller USER_STORE = Caller.system("platform");
    private static final Duration VERIFIED_FOR = Duration.ofMinutes(5);
    private static final int MAX_REMEMBERED = 10_000;

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @Inject
    Pbkdf2PasswordHash passwordHash;

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(Caller caller, long until) {
    }

    @PostConstruct
    void configureHash() {
        passwordHash.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations", "60000",
                "Pbkdf2PasswordHash.SaltSizeBytes", "16"));
    }

    /** The tenants that have at least one user, in name order. */
    @Transactional
    public java.util.List<String> tenants() {
        return CurrentCaller.runAsUnchecked(USER_STORE, () -> em.createQuery(
                "select distinct u.tenant from PlatformUser u order by u.tenant", String.class).getResultList());
    }

    /** Creates the user unless one with that name exists; returns whether it was created. */
    @Transactional
    public boolean registerIfAbsent(String userName, String tenant, String password, Set<String> roles) {
        String name = normalize(userName);
        return CurrentCaller.runAsUnchecked(USER_STORE, () -> {
            if (em.find(PlatformUser.class, name) != null) {
                return false;
            }
            em.persist(new PlatformUser(name, tenant, passwordHash.generate(password.toCharArray()), roles));
            return true;
        });
    }

    /** The caller these credentials authenticate, or empty. */
    public Optional<Caller> authenticate(String userName, String password) {
        String name = normalize(userName);
        String digest = digest(name, password);
        Verified hit = verified.get(digest);
        long now = System.currentTimeMillis();
        if (hit != null && hit.until() > now) {
            return Optional.of(hit.caller());
        }
        Optional<Caller> caller = findUser(name)
                .filter(user -> passwordHash.verify(password.toCharArray(), user.getPasswordHash()))
                .map(user -> new Caller(user.getUserName(), user.getTenant(), user.getRoles()));
        if (caller.isPresent()) {
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(digest, new Verified(caller.get(), now + VERIFIED_FOR.toMillis()));
        }
        return caller;
    }

    /** The caller for an already authenticated user name, e.g. the principal of the current request. */
    public Optional<Caller> callerOf(String userName) {
        return findUser(normalize(userName)).map(user -> new Caller(user.getUserName(), user.getTenant(), user.getRoles()));
    }

    private Optional<PlatformUser> findUser(String name) {
        return CurrentCaller.runAsUnchecked(USER_STORE, () -> Optional.ofNullable(em.find(PlatformUser.class, name)));
    }

    private static String normalize(String userName) {
        return userName.trim().toLowerCase(Locale.ROOT);
    }

    private static String digest(String name, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
