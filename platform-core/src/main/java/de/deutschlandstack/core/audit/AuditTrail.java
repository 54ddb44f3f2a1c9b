package de.deutschlandstack.core.audit;

import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

/**
 * The tenant's append-only, tamper-evident audit trail. Each record carries the SHA-256 hash of its own content and of
 * the record before it, so that editing, deleting or inserting a record anywhere breaks every link after it;
 * {@link #verify} walks the chain and names the first broken link. Records are appended in the transaction of what
 * they record (a change is recorded if and only if it commits), or in a transaction of their own for what changes
 * nothing (a read of personal data, a refused request).
 */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    static final String GENESIS = "0".repeat(64);
    private static final int PAGE = 1000;
    private static final int MAX_DETAIL = 1000;

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @Resource(lookup = "java:jboss/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transaction;

    @Inject
    AuditTrail self;

    /** What to record: everything but the tenant (the bound caller's) and the chain's bookkeeping. */
    public record Entry(String actor, AuditKind kind, String action, String objectType, String objectKey, String detail) {
    }

    /** Appends to the bound caller's tenant's chain, in the current transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(Entry entry) {
        String tenant = CurrentCaller.require().tenant();
        AuditChain chain = head(tenant);
        long seq = chain.lastSeq() + 1;
        AuditRecord record = new AuditRecord(seq, Instant.now().truncatedTo(ChronoUnit.MICROS), cut(entry.actor(), 128),
                entry.kind(), cut(entry.action(), 48), cut(entry.objectType(), 128), cut(entry.objectKey(), 256),
                cut(entry.detail(), MAX_DETAIL), chain.lastHash());
        em.persist(record);
        chain.advance(seq, record.getHash());
    }

    /** Appends one record for the bound caller (its user, its tenant) in a transaction of its own. */
    public void recordNow(AuditKind kind, String action, String objectType, String objectKey, String detail) {
        Caller caller = CurrentCaller.require();
        appendNow(caller.tenant(), List.of(new Entry(caller.user(), kind, action, objectType, objectKey, detail)));
    }

    /** Appends to the tenant's chain in a transaction of its own (for events that change nothing else). */
    public void appendNow(String tenant, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try {
            CurrentCaller.runAsUnchecked(Caller.system(tenant), () -> {
                self.appendAll(entries);
                return null;
            });
        } catch (RuntimeException e) {
            // The event happened either way; a trail that cannot be written is an operations matter, not the client's.
            LOG.errorf(e, "Audit records of tenant %s could not be written: %s", tenant, entries);
        }
    }

    /** Public for the transaction interceptor; use {@link #appendNow}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void appendAll(List<Entry> entries) {
        entries.forEach(this::append);
    }

    /** The outcome of walking a tenant's chain. */
    public record Verification(boolean intact, long verified, Long firstBrokenSeq, String reason) {
    }

    /** Walks the bound caller's tenant's chain from its first record and reports the first broken link, if any. */
    @Transactional
    public Verification verify() {
        String tenant = CurrentCaller.require().tenant();
        AuditChain chain = em.find(AuditChain.class, tenant);
        // Records appended while the walk runs are not part of it: the walk ends where the head stood when it began.
        long end = chain == null ? Long.MAX_VALUE : chain.lastSeq();
        String previous = GENESIS;
        long expected = 1;
        while (true) {
            List<Object[]> page = em.createQuery("select r.seq, r.recordedAt, r.actor, r.kind, r.action, r.objectType, r.objectKey,"
                            + " r.detail, r.previousHash, r.hash from AuditRecord r where r.seq >= :from and r.seq <= :end order by r.seq",
                            Object[].class)
                    .setParameter("from", expected).setParameter("end", end).setMaxResults(PAGE).getResultList();
            for (Object[] row : page) {
                long seq = (Long) row[0];
                if (seq != expected) {
                    return new Verification(false, expected - 1, expected, "record " + expected + " is missing");
                }
                if (!previous.equals(row[8])) {
                    return new Verification(false, expected - 1, seq, "record " + seq + " does not follow the record before it");
                }
                String recomputed = hash((String) row[8], seq, (Instant) row[1], (String) row[2], ((AuditKind) row[3]).name(),
                        (String) row[4], (String) row[5], (String) row[6], (String) row[7]);
                if (!recomputed.equals(row[9])) {
                    return new Verification(false, expected - 1, seq, "record " + seq + " was changed after it was written");
                }
                previous = (String) row[9];
                expected++;
            }
            if (page.size() < PAGE) {
                break;
            }
            em.clear();
        }
        long last = expected - 1;
        if (chain != null && (chain.lastSeq() != last || !chain.lastHash().equals(previous))) {
            return new Verification(false, last, last + 1, "the chain ends at record " + chain.lastSeq() + ", but only "
                    + last + " records follow one another");
        }
        return new Verification(true, last, null, null);
    }

    /** Creates the tenant's chain head unless it exists (at registration; appending would too). */
    @Transactional
    public void startChain(String tenant) {
        if (em.find(AuditChain.class, tenant) == null) {
            em.persist(new AuditChain(tenant));
        }
    }

    /** The chain's head, locked for this transaction on first use; the same managed head for later appends. */
    private AuditChain head(String tenant) {
        Object key = AuditTrail.class.getName() + ":" + tenant;
        AuditChain chain = (AuditChain) transaction.getResource(key);
        if (chain == null || !em.contains(chain)) {
            chain = em.find(AuditChain.class, tenant, LockModeType.PESSIMISTIC_WRITE);
            if (chain == null) {
                // Chains start when a tenant is registered and end when it is offboarded: nothing is appended after.
                throw new IllegalStateException("Tenant " + tenant + " has no audit trail: it is not registered or was offboarded");
            }
            transaction.putResource(key, chain);
        }
        return chain;
    }

    /** SHA-256 over the record's content and the hash before it, as lower-case hex. */
    static String hash(String previousHash, long seq, Instant at, String actor, String kind, String action, String objectType,
                       String objectKey, String detail) {
        String content = String.join("\n", previousHash, Long.toString(seq), at.toString(), actor, kind, action,
                nonNull(objectType), nonNull(objectKey), nonNull(detail));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nonNull(String value) {
        return value == null ? "\u0000" : value;
    }

    private static String cut(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }
}
