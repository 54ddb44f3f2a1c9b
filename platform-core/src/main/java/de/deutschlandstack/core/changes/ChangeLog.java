package de.deutschlandstack.core.changes;

import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;

/**
 * The platform's one transactional change log: for every committed transaction, one entry per business object it
 * created, updated or deleted (tenant, entity set, key, operation, sequence number, the object's state as JSON,
 * time, user), written in that transaction ({@link ChangeCapture}). No entry without a commit, no commit without its
 * entries. Sequence numbers increase in commit order, so a reader resumes after the last number it saw and misses
 * nothing. Delta links are served from it; the data lake reads it.
 */
public final class ChangeLog {

    public enum Operation {
        CREATED, UPDATED, DELETED
    }

    /** One entry: the object's state after the change, or null for a deletion. */
    public record Entry(long seq, String tenant, String entitySet, String key, Operation operation, String state, Instant at) {
    }

    private ChangeLog() {
    }

    /**
     * What changed in a set after {@code since}: the entries of at most {@code window} log rows in sequence order, one
     * per object (its latest in the window), and where the scan stopped. A reader that continues from {@code scannedTo}
     * misses nothing; an object changed again after the window shows up again there. The work of one call is bounded
     * by the window, however often one object changed.
     *
     * @param full whether the window was filled: more may follow after {@code scannedTo}
     */
    public record Window(List<Entry> entries, long scannedTo, boolean full) {
    }

    public static Window changesSince(EntityManager em, String tenant, String entitySet, long since, int window) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select c.seq, c.entity_key, c.operation, c.changed_at from change_log c"
                        + " where c.tenant = ?1 and c.entity_set = ?2 and c.seq > ?3 order by c.seq")
                .setParameter(1, tenant)
                .setParameter(2, entitySet)
                .setParameter(3, since)
                .setMaxResults(window)
                .getResultList();
        java.util.LinkedHashMap<String, Entry> latest = new java.util.LinkedHashMap<>();
        long scannedTo = since;
        for (Object[] r : rows) {
            Entry entry = new Entry(((Number) r[0]).longValue(), tenant, entitySet, (String) r[1], Operation.valueOf((String) r[2]),
                    null, toInstant(r[3]));
            latest.remove(entry.key());
            latest.put(entry.key(), entry);
            scannedTo = entry.seq();
        }
        return new Window(List.copyOf(latest.values()), scannedTo, rows.size() == window);
    }

    /** The newest sequence number: where a reader of the whole log that starts now begins. */
    public static long position(EntityManager em) {
        return ((Number) em.createNativeQuery("select last_seq from change_log_position where id = 1").getSingleResult()).longValue();
    }

    /**
     * The newest sequence number of a tenant's entity set: where a reader of that set that starts now begins. Every
     * later change of the set gets a greater number (numbers are taken in commit order), so nothing is missed; and
     * unlike {@link #position(EntityManager)}, it does not move when another tenant writes, so that a delta token
     * tells nobody how much others write.
     */
    public static long position(EntityManager em, String tenant, String entitySet) {
        return ((Number) em.createNativeQuery("select coalesce(max(c.seq), 0) from change_log c where c.tenant = ?1 and c.entity_set = ?2")
                .setParameter(1, tenant).setParameter(2, entitySet).getSingleResult()).longValue();
    }

    private static Instant toInstant(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.time.LocalDateTime local) {
            return local.toInstant(java.time.ZoneOffset.UTC);
        }
        return value instanceof Instant instant ? instant : null;
    }
}
