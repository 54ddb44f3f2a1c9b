package de.deutschlandstack.core.events;

import java.time.Instant;

/**
 * A bound action ran successfully on one entity, fired as a CDI event inside its transaction (after its flush): what
 * the action changed commits with it. The audit trail records who ran which action on what.
 */
public record ActionInvoked(String tenant, String user, String service, String entitySet, String key, String action, Instant at) {
}
