package de.deutschlandstack.ai.registry;

import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;

/** A deployed module's service that a tenant has enabled: its models are served to the tenant while it is deployed. */
@Entity
@Table(name = "ai_module_enablement",
        uniqueConstraints = @UniqueConstraint(name = "uk_ai_module_enablement", columnNames = {"tenant", "service"}))
public class ModuleEnablement extends TenantScopedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ai_module_enablement_seq")
    @SequenceGenerator(name = "ai_module_enablement_seq", sequenceName = "ai_module_enablement_seq", allocationSize = 50)
    private Long id;

    @Column(name = "service", nullable = false, length = 64, updatable = false)
    private String service;

    @Column(name = "enabled_at", nullable = false, updatable = false)
    private Instant enabledAt;

    @Column(name = "enabled_by", nullable = false, length = 128, updatable = false)
    private String enabledBy;

    protected ModuleEnablement() {
    }

    ModuleEnablement(String service, String enabledBy) {
        this.service = service;
        this.enabledBy = enabledBy;
        this.enabledAt = Instant.now();
    }

    public String getService() {
        return service;
    }

    public Instant getEnabledAt() {
        return enabledAt;
    }

    public String getEnabledBy() {
        return enabledBy;
    }
}
