package de.deutschlandstack.core.security;

import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The RSA keys the platform signs its bearer tokens with, kept in the database so that every node signs and verifies
 * with the same ones. The first node that needs a key and finds none creates it; two nodes doing so at once simply
 * leave two keys, both of which verify. The newest signs.
 */
@ApplicationScoped
public class TokenKeys {

    private static final Caller KEY_STORE = Caller.system(PlatformRoles.OPERATOR_TENANT);

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @Inject
    TokenKeys self;

    /** The key that signs, with the id tokens name it by. */
    public record Signer(String kid, PrivateKey key) {
    }

    private record Loaded(Signer signer, Map<String, PublicKey> verifiers, long until) {
    }

    /** How long the keys read are used before they are read again: the bound where word of a change got lost. */
    static final long KEYS_KEPT_MILLIS = 60_000;

    private volatile Loaded loaded;
    /** Counts the changes heard of: keys read while one was heard of are used once but not kept (they may predate it). */
    private final java.util.concurrent.atomic.AtomicLong forgetCount = new java.util.concurrent.atomic.AtomicLong();
    private volatile long nextReload;

    public Signer signer() {
        return current().signer();
    }

    /** The public key of that id; an id not seen yet is looked up once more (another node may have just added it). */
    public Optional<PublicKey> verifier(String kid) {
        PublicKey key = current().verifiers().get(kid);
        long now = System.currentTimeMillis();
        if (key == null && kid != null && kid.length() <= 64 && now >= nextReload) {
            // At most every few seconds: a stream of made-up key ids must not become a stream of database reads.
            nextReload = now + 5_000;
            key = reload().verifiers().get(kid);
        }
        return Optional.ofNullable(key);
    }

    /** Keys were added or removed (a key that leaked, say): the next token signed or checked reads them again. */
    void forgetChanged(@jakarta.enterprise.event.Observes de.deutschlandstack.core.cluster.SharedFacts.Changed changed) {
        if (changed.kind() == de.deutschlandstack.core.cluster.SharedFacts.Kind.SIGNING_KEYS) {
            forgetCount.incrementAndGet();
            loaded = null;
        }
    }

    private Loaded current() {
        Loaded current = loaded;
        return current != null && current.until() > System.currentTimeMillis() ? current : load();
    }

    private synchronized Loaded load() {
        Loaded current = loaded;
        if (current != null && current.until() > System.currentTimeMillis()) {
            return current;
        }
        try {
            return reload();
        } catch (RuntimeException e) {
            if (current != null) {
                return current; // the database is away: the keys read last still sign and verify
            }
            throw e;
        }
    }

    private synchronized Loaded reload() {
        long forgotten = forgetCount.get();
        List<SigningKey> keys = self.keys();
        if (keys.isEmpty()) {
            self.create();
            keys = self.keys();
        }
        Map<String, PublicKey> verifiers = new HashMap<>();
        for (SigningKey key : keys) {
            verifiers.put(key.kid(), publicKey(key.publicKey()));
        }
        SigningKey newest = keys.get(0);
        Loaded read = new Loaded(new Signer(newest.kid(), privateKey(newest.privateKey())), Map.copyOf(verifiers),
                System.currentTimeMillis() + KEYS_KEPT_MILLIS);
        if (forgetCount.get() == forgotten) {
            loaded = read;
            if (forgetCount.get() != forgotten) {
                loaded = null; // forgotten while being kept: the next use reads again
            }
        }
        return read;
    }

    /** Public for the transaction interceptor; not part of the bean's use. */
    @Transactional
    public List<SigningKey> keys() {
        return CurrentCaller.runAsUnchecked(KEY_STORE, () -> em.createQuery(
                "select k from SigningKey k order by k.createdAt desc, k.kid", SigningKey.class).getResultList());
    }

    /** Public for the transaction interceptor; not part of the bean's use. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void create() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            byte[] id = new byte[12];
            new SecureRandom().nextBytes(id);
            String kid = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
            CurrentCaller.runAsUnchecked(KEY_STORE, () -> {
                em.persist(new SigningKey(kid, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                        Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()), Instant.now()));
                return null;
            });
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No RSA key pair generator", e);
        }
    }

    private static PrivateKey privateKey(String base64) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored signing key is unreadable", e);
        }
    }

    private static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored verification key is unreadable", e);
        }
    }
}
