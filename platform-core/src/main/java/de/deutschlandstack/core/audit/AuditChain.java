package de.deutschlandstack.core.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The head of a tenant's audit chain: the number and hash of its last record. A transaction that appends locks it as it
 * commits ({@link AuditTrail}), so the tenant's records are numbered in commit order without gaps. Keyed by the tenant
 * itself (read and locked by id), so it is not a tenant-scoped entity.
 */
@Entity
@Table(name = "audit_chain")
public class AuditChain {

    @Id
    @Column(name = "tenant", length = 64)
    private String tenant;

    @Column(name = "last_seq", nullable = false)
    private long lastSeq;

    @Column(name = "last_hash", nullable = false, length = 64)
    private String lastHash;

    protected AuditChain() {
    }

    long lastSeq() {
        return lastSeq;
    }

    String lastHash() {
        return lastHash;
    }
}
