package de.deutschlandstack.core.events;

import de.deutschlandstack.core.tenancy.Caller;

/**
 * A write about to happen, fired as a CDI event inside the transaction before anything reaches the database.
 * Business logic per entity observes it and may refuse the write by throwing {@link BusinessRuleViolation}:
 *
 * <pre>{@code void checkCredit(@Observes PendingChange change) {
 *     if (change.entity() instanceof SalesOrder order && change.kind() == ChangeKind.CREATED) { ... }
 * }}</pre>
 *
 * For updates the entity already carries the new values; {@code previous} holds the values it had before the
 * request (empty for a creation), so that an observer can tell what moved (an item bound to another order).
 */
public record PendingChange(ChangeKind kind, String service, String entitySet, Object entity, EntityState previous,
                            Caller caller) {
}
