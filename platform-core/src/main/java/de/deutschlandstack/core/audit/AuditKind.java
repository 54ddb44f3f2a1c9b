package de.deutschlandstack.core.audit;

/** What an audit record is about. */
public enum AuditKind {
    /** A business object was created, changed or deleted. */
    DATA_CHANGE,
    /** Fields marked {@code @PersonalData} were read. */
    PERSONAL_DATA_READ,
    /** The tenant's configuration changed: its status, its limits. */
    CONFIGURATION,
    /** Who may do what changed: users, roles, passwords, enabling. */
    PERMISSION,
    /** A failed login, a refused request. */
    SECURITY
}
