package de.deutschlandstack.core.security;

import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.transaction.TransactionSynchronizationRegistry;
import de.deutschlandstack.core.web.AfterCompletion;
import de.deutschlandstack.core.web.RequestRefused;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The embedded user store: registers users with PBKDF2-hashed passwords, checks credentials, and changes passwords,
 * roles and whether a user is enabled.
 *
 * <p>HTTP Basic sends the password with every request, and a strong hash costs tens of milliseconds; a
 * successful check is therefore remembered for a short time under a SHA-256 digest of the credentials
 * (never the password itself), so a client's second request costs a map lookup. A change to a user drops what is
 * remembered about them as it commits: a changed password, a disabled user or new roles hold from the next request.
 * (The memory is per node; another node notices within about a second, {@code core.cluster.SharedFacts}, and at the
 * latest after {@link #KNOWN_FOR}.)
 */
@ApplicationScoped
public class PlatformUsers {

    /** Users are looked up before any tenant is known; the lookup runs under this technical tenant. */
    private static final Caller USER_STORE = Caller.system(PlatformRoles.OPERATOR_TENANT);
    static final Duration VERIFIED_FOR = Duration.ofMinutes(5);
    private static final int MAX_REMEMBERED = 10_000;
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(PlatformUsers.class);

    /** Letters, digits and {@code . _ @ + -}, as in an e-mail address; compared in lower case. */
    public static final Pattern USER_NAME = Pattern.compile("[a-z0-9][a-z0-9._@+-]{1,127}");
    public static final int MIN_PASSWORD_LENGTH = 12;

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @Inject
    Pbkdf2PasswordHash passwordHash;

    // By its global name: the bean is first used while the EAR starts, outside any module's java:comp.
    @Resource(lookup = "java:jboss/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transaction;

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    /** Enabled users by name, as requests resolve them, with their credential generation. */
    private final Map<String, Known> callers = new ConcurrentHashMap<>();
    /**
     * Counts what was forgotten: a user read from the database while something was forgotten is not remembered, since
     * the read may predate the change (the change is forgotten, then the old read is put back).
     */
    private final java.util.concurrent.atomic.AtomicLong forgetCount = new java.util.concurrent.atomic.AtomicLong();

    private record Known(Caller caller, int generation, long until) {
    }

    /**
     * How long another node's change may go unnoticed here at the most (this node drops its memory at once, and every
     * node within about a second where the database counts the changes: {@code core.cluster.SharedFacts}).
     */
    static final Duration KNOWN_FOR = Duration.ofSeconds(30);

    private record Verified(Caller caller, int generation, long until) {
    }

    /** What the platform shows of a user: never the password hash. */
    public record UserAccount(String userName, String tenant, Set<String> roles, boolean enabled) {
    }

    @PostConstruct
    void configureHash() {
        passwordHash.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations", "60000",
                "Pbkdf2PasswordHash.SaltSizeBytes", "16"));
    }

    /** Creates the user unless one with that name exists; returns whether it was created. For users the platform seeds. */
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

    /**
     * Keeps a technical account of the platform as its configuration says, at every start: with the password, the account
     * exists, is enabled, holds exactly these roles (ones no admin can assign) and that password; without one (null), an
     * existing account is disabled. Nothing is written where nothing differs, so a restart changes no credential.
     */
    @Transactional
    public void keepTechnicalAccount(String userName, String tenant, String password, Set<String> roles) {
        String name = normalize(userName);
        if (password != null) {
            checkPassword(password);
        }
        CurrentCaller.runAsUnchecked(USER_STORE, () -> {
            PlatformUser user = em.find(PlatformUser.class, name, LockModeType.PESSIMISTIC_WRITE);
            if (user == null) {
                if (password != null) {
                    em.persist(new PlatformUser(name, tenant, passwordHash.generate(password.toCharArray()), roles));
                }
                return null;
            }
            if (!user.getTenant().equals(tenant)) {
                // Only an earlier version, which did not reserve the name, could have let a tenant take it.
                LOG.errorf("The user %s belongs to tenant %s, not to the platform: it is not the technical account and is"
                        + " left as it is; rename it to use the data lake", name, user.getTenant());
                return null;
            }
            boolean enabled = password != null;
            if (user.isEnabled() != enabled) {
                user.setEnabled(enabled);
            }
            if (enabled && !user.getRoles().equals(roles)) {
                user.setRoles(roles);
            }
            if (enabled && !passwordHash.verify(password.toCharArray(), user.getPasswordHash())) {
                user.setPasswordHash(passwordHash.generate(password.toCharArray()));
            }
            return null;
        });
        forgetAfterCompletion(name);
    }

    /** Registers a new user of the tenant; refuses a taken or malformed name, an unknown role or a weak password. */
    @Transactional
    public UserAccount register(String userName, String tenant, String password, Set<String> roles) {
        String name = normalize(userName == null ? "" : userName);
        if (!USER_NAME.matcher(name).matches()) {
            throw new RequestRefused(400, "A user name is 2 to 128 letters, digits and . _ @ + -, starting with a letter or digit");
        }
        if (name.equals(PlatformRoles.LAKE_ACCOUNT)) {
            throw new RequestRefused(409, "The user name " + name + " is the platform's own (the data lake's account)");
        }
        checkRoles(tenant, roles);
        checkPassword(password);
        return CurrentCaller.runAsUnchecked(USER_STORE, () -> {
            if (em.find(PlatformUser.class, name, LockModeType.PESSIMISTIC_WRITE) != null) {
                throw new RequestRefused(409, "The user name " + name + " is taken");
            }
            PlatformUser user = new PlatformUser(name, tenant, passwordHash.generate(password.toCharArray()), roles);
            em.persist(user);
            em.flush();
            return account(user);
        });
    }

    /** The tenant's users, by name. */
    @Transactional
    public List<UserAccount> usersOf(String tenant) {
        return CurrentCaller.runAsUnchecked(USER_STORE, () -> em.createQuery(
                        "select u from PlatformUser u where u.tenant = :tenant order by u.userName", PlatformUser.class)
                .setParameter("tenant", tenant).getResultList().stream().map(PlatformUsers::account).toList());
    }

    /** The user of that tenant, or empty (a user of another tenant is as absent as an unknown one). */
    @Transactional
    public Optional<UserAccount> user(String tenant, String userName) {
        return findUser(normalize(userName)).filter(u -> u.getTenant().equals(tenant)).map(PlatformUsers::account);
    }

    /** Changes what is given (null: unchanged) in one transaction: all of it or nothing. */
    @Transactional
    public UserAccount change(String tenant, String userName, Set<String> roles, Boolean enabled, String password) {
        if (password != null) {
            checkPassword(password);
        }
        if (roles != null) {
            checkRoles(tenant, roles);
        }
        return change(tenant, userName, user -> {
            if (password != null) {
                user.setPasswordHash(passwordHash.generate(password.toCharArray()));
            }
            if (roles != null) {
                user.setRoles(roles);
            }
            if (enabled != null) {
                user.setEnabled(enabled);
            }
        });
    }

    @Transactional
    public UserAccount changePassword(String tenant, String userName, String newPassword) {
        checkPassword(newPassword);
        return change(tenant, userName, user -> user.setPasswordHash(passwordHash.generate(newPassword.toCharArray())));
    }

    /** Whether the password is the user's current one (for a self-service change, which must prove it). */
    public boolean isPassword(String userName, String password) {
        return findUser(normalize(userName)).filter(u -> passwordHash.verify(password.toCharArray(), u.getPasswordHash())).isPresent();
    }

    /**
     * The caller these credentials authenticate, or empty. A remembered check counts only while the user's credential
     * generation is unchanged: a password change or a disabling on another node ends it within {@link #KNOWN_FOR}.
     */
    public Optional<Caller> authenticate(String userName, String password) {
        String name = normalize(userName);
        String digest = digest(name, password);
        Verified hit = verified.get(digest);
        long now = System.currentTimeMillis();
        if (hit != null && hit.until() > now) {
            Optional<Known> current = known(name);
            if (current.isPresent() && current.get().generation() == hit.generation()) {
                return Optional.of(current.get().caller());
            }
            verified.remove(digest);
        }
        Optional<PlatformUser> user = findUser(name)
                .filter(PlatformUser::isEnabled)
                .filter(u -> passwordHash.verify(password.toCharArray(), u.getPasswordHash()));
        if (user.isPresent()) {
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(digest, new Verified(caller(user.get()), user.get().getCredentialGeneration(), now + VERIFIED_FOR.toMillis()));
        }
        return user.map(PlatformUsers::caller);
    }

    /** The caller for an already authenticated user name, e.g. the principal of the current request; empty if disabled. */
    public Optional<Caller> callerOf(String userName) {
        return known(normalize(userName)).map(Known::caller);
    }

    /** The caller a platform token of that credential generation stands for; empty if the user changed since or is gone. */
    public Optional<Caller> tokenCaller(String userName, int generation) {
        return known(normalize(userName)).filter(k -> k.generation() == generation).map(Known::caller);
    }

    /** The tenant of a registered user (enabled or not), e.g. to audit a failed login where its tenant can see it. */
    public Optional<String> tenantOf(String userName) {
        return findUser(normalize(userName)).map(PlatformUser::getTenant);
    }

    /** The user's current credential generation, which a token issued now names. */
    public Optional<Integer> generationOf(String userName) {
        return known(normalize(userName)).map(Known::generation);
    }

    private Optional<Known> known(String name) {
        Known cached = callers.get(name);
        long now = System.currentTimeMillis();
        if (cached != null && cached.until() > now) {
            return Optional.of(cached);
        }
        long forgotten = forgetCount.get();
        Optional<Known> known = findUser(name).filter(PlatformUser::isEnabled)
                .map(user -> new Known(caller(user), user.getCredentialGeneration(), now + KNOWN_FOR.toMillis()));
        known.ifPresent(k -> {
            if (callers.size() >= MAX_REMEMBERED) {
                callers.clear();
            }
            if (forgetCount.get() == forgotten) {
                callers.put(name, k);
                if (forgetCount.get() != forgotten) {
                    callers.remove(name, k); // forgotten while being put: the read may predate the change
                }
            }
        });
        return known;
    }

    /** Forgets every remembered login of the tenant's users (its users are gone or refused). */
    public void forgetTenant(String tenant) {
        forgetCount.incrementAndGet();
        verified.values().removeIf(v -> v.caller().tenant().equals(tenant));
        callers.values().removeIf(k -> k.caller().tenant().equals(tenant));
    }

    private UserAccount change(String tenant, String userName, java.util.function.Consumer<PlatformUser> change) {
        String name = normalize(userName);
        return CurrentCaller.runAsUnchecked(USER_STORE, () -> {
            PlatformUser user = Optional.ofNullable(em.find(PlatformUser.class, name, LockModeType.PESSIMISTIC_WRITE))
                    .filter(u -> u.getTenant().equals(tenant))
                    .orElseThrow(() -> new RequestRefused(404, "No user " + name + " in tenant " + tenant));
            change.accept(user);
            forgetAfterCompletion(name);
            return account(user);
        });
    }

    /** Drops what is remembered about the user now and when the transaction ends ({@link AfterCompletion}). */
    private void forgetAfterCompletion(String name) {
        AfterCompletion.forgetNowAndAtEnd(transaction, () -> forget(name));
    }

    /** Another node (or anyone) changed a user: what is remembered of them goes, their next request reads them. */
    void forgetChanged(@jakarta.enterprise.event.Observes de.deutschlandstack.core.cluster.SharedFacts.Changed changed) {
        if (changed.kind() != de.deutschlandstack.core.cluster.SharedFacts.Kind.USER) {
            return;
        }
        forgetCount.incrementAndGet();
        verified.values().removeIf(v -> changed.concerns(v.caller().user()));
        callers.keySet().removeIf(changed::concerns);
    }

    private void forget(String name) {
        forgetCount.incrementAndGet();
        verified.values().removeIf(v -> v.caller().user().equals(name));
        callers.remove(name);
    }

    private static void checkRoles(String tenant, Set<String> roles) {
        if (roles == null || roles.isEmpty() || roles.stream().anyMatch(java.util.Objects::isNull)
                || !PlatformRoles.ASSIGNABLE.containsAll(roles)) {
            throw new RequestRefused(400, "Roles are one or more of " + String.join(", ", new java.util.TreeSet<>(PlatformRoles.ASSIGNABLE)));
        }
        boolean operator = PlatformRoles.OPERATOR_TENANT.equals(tenant);
        if (operator != roles.contains(PlatformRoles.PLATFORM_ADMIN) || operator && roles.size() > 1) {
            throw new RequestRefused(400, "platform-admin is the one role of the operator's tenant "
                    + PlatformRoles.OPERATOR_TENANT + ", and only there");
        }
    }

    private static void checkPassword(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH || password.length() > 1024) {
            throw new RequestRefused(400, "A password has at least " + MIN_PASSWORD_LENGTH + " characters (and at most 1024)");
        }
    }

    private Optional<PlatformUser> findUser(String name) {
        return CurrentCaller.runAsUnchecked(USER_STORE, () -> Optional.ofNullable(em.find(PlatformUser.class, name)));
    }

    private static Caller caller(PlatformUser user) {
        return new Caller(user.getUserName(), user.getTenant(), user.getRoles());
    }

    private static UserAccount account(PlatformUser user) {
        return new UserAccount(user.getUserName(), user.getTenant(), user.getRoles(), user.isEnabled());
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
