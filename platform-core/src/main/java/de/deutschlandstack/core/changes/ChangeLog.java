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
     * The last change of each object of the set that changed after {@code since}, in the order of those changes, at most
     * {@code limit} objects: the latest entry per key, so a reader that applies them in order ends at the current state.
     */
    public static List<Entry> changesSince(EntityManager em, String tenant, String entitySet, long since, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select c.seq, c.entity_key, c.operation, c.changed_at from change_log c"
                        + " where c.tenant = ?1 and c.entity_set = ?2 and c.seq > ?3 and c.seq = (select max(l.seq) from change_log l"
                        + " where l.tenant = c.tenant and l.entity_set = c.entity_set and l.entity_key = c.entity_key and l.seq > ?3)"
                        + " order by c.seq")
                .setParameter(1, tenant)
                .setParameter(2, entitySet)
                .setParameter(3, since)
                .setMaxResults(limit)
                .getResultList();
        return rows.stream().map(r -> new Entry(((Number) r[0]).longValue(), tenant, entitySet, (String) r[1],
                Operation.valueOf((String) r[2]), null, toInstant(r[3]))).toList();
    }

    /** The newest sequence number: where a reader that starts now begins. */
    public static long position(EntityManager em) {
        return ((Number) em.createNativeQuery("select last_seq from change_log_position where id = 1").getSingleResult()).longValue();
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
