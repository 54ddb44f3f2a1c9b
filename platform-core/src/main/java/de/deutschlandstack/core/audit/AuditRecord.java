package de.deutschlandstack.core.audit;

import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;
import java.util.UUID;

/**
 * One record of a tenant's audit trail: who did what to which object, when, and the hash that chains it to the
 * record before it ({@link AuditTrail}, which writes it; this mapping reads it). Holds no personal data of the object (names of fields at most, never their
 * values). Auditors read it at {@code /odata/v4/audit/AuditRecords}; no API writes, changes or deletes it.
 */
@Entity
@Table(name = "audit_record",
        uniqueConstraints = @UniqueConstraint(name = "uk_audit_record_seq", columnNames = {"tenant", "seq"}),
        indexes = @Index(name = "ix_audit_record_time", columnList = "tenant, recorded_at"))
@ODataEntitySet(service = "audit", name = "AuditRecords", insertable = false, updatable = false, deletable = false,
        changeLog = false, read = PlatformRoles.AUDITOR, write = {})
public class AuditRecord extends TenantScopedEntity {

    /** Assigned by the platform when the record is written ({@link AuditTrail}), not drawn from a sequence. */
    @Id
    private UUID id;

    /** The record's number in its tenant's chain: 1, 2, 3 ... without gaps. */
    @Column(name = "seq", nullable = false)
    private long seq;

    @Column(name = "recorded_at", nullable = false)
    private Instant recordedAt;

    /** The user who acted, or {@code system} for the platform's own jobs. */
    @Column(name = "actor", nullable = false, length = 128)
    private String actor;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false, length = 24)
    private AuditKind kind;

    /** What was done: CREATED, UPDATED, DELETED, READ, LOGIN_FAILED, ACCESS_DENIED, TENANT_SUSPENDED, ROLES_CHANGED ... */
    @Column(name = "action", nullable = false, length = 48)
    private String action;

    /** The entity set or kind of object acted on: {@code SalesOrders}, {@code Users}, {@code Tenants}. */
    @Column(name = "object_type", length = 128)
    private String objectType;

    @Column(name = "object_key", length = 256)
    private String objectKey;

    /** Further facts without personal values: the fields read, the roles set, the reason of a refusal. */
    @Column(name = "detail", length = 1000)
    private String detail;

    @Column(name = "previous_hash", nullable = false, length = 64)
    private String previousHash;

    @Column(name = "hash", nullable = false, length = 64)
    private String hash;

    protected AuditRecord() {
    }

    public long getSeq() {
        return seq;
    }

    public String getHash() {
        return hash;
    }
}
