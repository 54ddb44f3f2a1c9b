package de.deutschlandstack.core.events;

import java.time.Instant;

/**
 * A write that has been flushed to the database, fired as a CDI event inside the same transaction. (A create
 * inside a {@code $batch} change set of several requests is queued for the set's next flush instead; any query an
 * observer runs flushes it first, so observers see it either way.)
 *
 * <p>Observe it with {@code @Observes} to act atomically with the write (the transactional outbox does),
 * or with {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)} to react only to committed changes.
 * {@code previous} holds the entity's values before the write (empty for a creation).
 */
public record ChangeEvent(String tenant, String user, String service, String entitySet, String key,
                          ChangeKind kind, Object entity, EntityState previous, Instant at) {
}
