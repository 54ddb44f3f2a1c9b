package de.deutschlandstack.core.audit;

import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import de.deutschlandstack.core.tenancy.TenantConnections;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
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

    @Resource(lookup = "java:jboss/datasources/PlatformDS")
    DataSource dataSource;

    @Inject
    AuditTrail self;

    /** What to record: everything but the tenant (the bound caller's) and the chain's bookkeeping. */
    public record Entry(String actor, AuditKind kind, String action, String objectType, String objectKey, String detail) {
    }

    /**
     * Appends to the bound caller's tenant's chain, in the current transaction. The record is written when the
     * transaction is about to commit: only then is the chain's head locked, numbered and advanced, so that the lock is
     * held for the commit alone and is always the last one a transaction takes (no deadlock with the rows it wrote).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(Entry entry) {
        String tenant = CurrentCaller.require().tenant();
        pending().computeIfAbsent(tenant, t -> new ArrayList<>()).add(new Stamped(entry, Instant.now().truncatedTo(ChronoUnit.MICROS)));
    }

    private record Stamped(Entry entry, Instant at) {
    }

    /** The transaction's records not yet written, per tenant; written before it completes. */
    @SuppressWarnings("unchecked")
    private Map<String, List<Stamped>> pending() {
        Object key = AuditTrail.class.getName();
        Map<String, List<Stamped>> pending = (Map<String, List<Stamped>>) transaction.getResource(key);
        if (pending == null) {
            Map<String, List<Stamped>> created = new TreeMap<>(); // tenants in name order: locks in one order
            transaction.putResource(key, created);
            transaction.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    if (transaction.getRollbackOnly()) {
                        return;
                    }
                    try (Connection connection = dataSource.getConnection()) {
                        for (Map.Entry<String, List<Stamped>> tenant : created.entrySet()) {
                            // The transaction's connection, bound to each tenant in turn and then as it was.
                            String before = TenantConnections.bind(connection, tenant.getKey());
                            try {
                                write(connection, tenant.getKey(), tenant.getValue());
                            } finally {
                                TenantConnections.restore(connection, before);
                            }
                        }
                    } catch (SQLException | RuntimeException e) {
                        transaction.setRollbackOnly();
                        throw new IllegalStateException("The audit trail could not be written", e);
                    }
                }

                @Override
                public void afterCompletion(int status) {
                }
            });
            pending = created;
        }
        return pending;
    }

    /** Locks the tenant's chain head, numbers and hashes the records after it, inserts them, advances the head. */
    private static void write(Connection connection, String tenant, List<Stamped> records) throws SQLException {
        long seq;
        String previous;
        try (PreparedStatement head = connection.prepareStatement(
                "select last_seq, last_hash from audit_chain where tenant = ? for update")) {
            head.setString(1, tenant);
            try (ResultSet row = head.executeQuery()) {
                if (!row.next()) {
                    // Chains start when a tenant is registered and end when it is offboarded: nothing is appended after.
                    throw new SQLException("Tenant " + tenant + " has no audit trail: it is not registered or was offboarded");
                }
                seq = row.getLong(1);
                previous = row.getString(2);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into audit_record (id, tenant, version, seq, recorded_at,"
                + " actor, kind, action, object_type, object_key, detail, previous_hash, hash) values (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Stamped stamped : records) {
                Entry entry = stamped.entry();
                seq++;
                String actor = cut(entry.actor() == null ? "anonymous" : entry.actor(), 128);
                String action = cut(entry.action(), 48);
                String objectType = cut(entry.objectType(), 128);
                String objectKey = cut(entry.objectKey(), 256);
                String detail = cut(entry.detail(), MAX_DETAIL);
                String hash = hash(previous, seq, stamped.at(), actor, entry.kind().name(), action, objectType, objectKey, detail);
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, tenant);
                insert.setLong(3, seq);
                insert.setObject(4, stamped.at().atOffset(ZoneOffset.UTC));
                insert.setString(5, actor);
                insert.setString(6, entry.kind().name());
                insert.setString(7, action);
                insert.setString(8, objectType);
                insert.setString(9, objectKey);
                insert.setString(10, detail);
                insert.setString(11, previous);
                insert.setString(12, hash);
                insert.addBatch();
                previous = hash;
            }
            insert.executeBatch();
        }
        try (PreparedStatement advance = connection.prepareStatement("update audit_chain set last_seq = ?, last_hash = ? where tenant = ?")) {
            advance.setLong(1, seq);
            advance.setString(2, previous);
            advance.setString(3, tenant);
            advance.executeUpdate();
        }
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
        } catch (Exception e) { // a failed commit arrives as the interceptor's undeclared RollbackException
            // The event happened either way; a trail that cannot be written is an operations matter, not the client's.
            // What was lost, without who or whose data (actors and keys are personal data; the log is no audit trail).
            String lost = entries.stream().map(entry -> entry.kind() + " " + entry.action() + " " + entry.objectType())
                    .collect(java.util.stream.Collectors.joining(", "));
            if (de.deutschlandstack.core.health.DatabaseAvailability.reportIfUnavailability(e)) {
                LOG.errorf("Audit records of tenant %s could not be written, the database is unavailable: %s", tenant, lost);
            } else {
                LOG.errorf(e, "Audit records of tenant %s could not be written: %s", tenant, lost);
            }
        }
    }

    /** Public for the transaction interceptor; use {@link #appendNow}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void appendAll(List<Entry> entries) {
        entries.forEach(this::append);
    }

    /** Records one verification walks at most: a request's work is bounded; a longer chain is walked in steps. */
    public static final int MAX_VERIFIED_PER_REQUEST = 100_000;

    /**
     * The outcome of walking a tenant's chain from record {@code from}: intact or not; the number of the last record
     * verified; the first broken link and why; and, where the walk stopped before the chain's head, the record to
     * continue from. Only a walk from record 1 (or a series of walks, each from the last one's {@code next}) speaks
     * for the whole chain: a walk from a later record rests on the record before it.
     */
    public record Verification(boolean intact, long from, long verified, Long firstBrokenSeq, String reason, Long next) {

        static Verification broken(long from, long verified, long at, String reason) {
            return new Verification(false, from, verified, at, reason, null);
        }
    }

    /**
     * Walks the bound caller's tenant's chain from record {@code from} (1: the first), at most {@code limit} records,
     * and reports the first broken link, if any. A walk that does not start at the first record takes the hash of the
     * record before it as its anchor, which the walk that ended there verified.
     */
    @Transactional
    public Verification verify(long from, int limit) {
        String tenant = CurrentCaller.require().tenant();
        AuditChain chain = em.find(AuditChain.class, tenant);
        // Records appended while the walk runs are not part of it: the walk ends where the head stood when it began.
        long end = chain == null ? Long.MAX_VALUE - 1 : chain.lastSeq();
        if (from < 1 || from > end + 1) {
            throw new IllegalArgumentException("A walk starts at a record from 1 to " + (end + 1));
        }
        long stop = Math.min(end, from - 1 + Math.max(1, Math.min(limit, MAX_VERIFIED_PER_REQUEST)));
        String previous = GENESIS;
        if (from > 1) {
            List<String> anchor = em.createQuery("select r.hash from AuditRecord r where r.seq = :seq", String.class)
                    .setParameter("seq", from - 1).getResultList();
            if (anchor.isEmpty()) {
                return Verification.broken(from, from - 2, from - 1, "record " + (from - 1) + " is missing");
            }
            previous = anchor.get(0);
        }
        long expected = from;
        while (expected <= stop) {
            List<Object[]> page = em.createQuery("select r.seq, r.recordedAt, r.actor, r.kind, r.action, r.objectType, r.objectKey,"
                            + " r.detail, r.previousHash, r.hash from AuditRecord r where r.seq >= :from and r.seq <= :end order by r.seq",
                            Object[].class)
                    .setParameter("from", expected).setParameter("end", stop).setMaxResults(PAGE).getResultList();
            for (Object[] row : page) {
                long seq = (Long) row[0];
                if (seq != expected) {
                    return Verification.broken(from, expected - 1, expected, "record " + expected + " is missing");
                }
                if (!previous.equals(row[8])) {
                    return Verification.broken(from, expected - 1, seq, "record " + seq + " does not follow the record before it");
                }
                String recomputed = hash((String) row[8], seq, (Instant) row[1], (String) row[2], ((AuditKind) row[3]).name(),
                        (String) row[4], (String) row[5], (String) row[6], (String) row[7]);
                if (!recomputed.equals(row[9])) {
                    return Verification.broken(from, expected - 1, seq, "record " + seq + " was changed after it was written");
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
        if (chain != null && last == stop && stop < end) {
            return new Verification(true, from, last, null, null, last + 1);
        }
        if (chain != null && (chain.lastSeq() != last || !chain.lastHash().equals(previous))) {
            return Verification.broken(from, last, last + 1, "the chain ends at record " + chain.lastSeq() + ", but only "
                    + last + " records follow one another");
        }
        return new Verification(true, from, last, null, null, null);
    }

    /** Creates the tenant's chain head unless it exists (at registration; appending would too). */
    @Transactional
    public void startChain(String tenant) {
        // Over JDBC, on the transaction's connection bound to the new tenant: the chain head is that tenant's row,
        // whichever tenant the transaction's persistence context belongs to (the registry's, at registration).
        try (Connection connection = dataSource.getConnection()) {
            String before = TenantConnections.bind(connection, tenant);
            try (PreparedStatement insert = connection.prepareStatement("insert into audit_chain (tenant, last_seq, last_hash)"
                    + " select ?, 0, ? where not exists (select 1 from audit_chain where tenant = ?)")) {
                insert.setString(1, tenant);
                insert.setString(2, GENESIS);
                insert.setString(3, tenant);
                insert.executeUpdate();
            } finally {
                TenantConnections.restore(connection, before);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The audit trail of tenant " + tenant + " could not be started", e);
        }
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
