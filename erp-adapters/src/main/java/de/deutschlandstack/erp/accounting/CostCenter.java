package de.deutschlandstack.erp.accounting;

import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.odata.model.Searchable;
import de.deutschlandstack.core.privacy.PersonalData;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A place in the organisation that costs are charged to: a department, an office, a project. */
@Entity
@Table(name = "cost_center",
        uniqueConstraints = @UniqueConstraint(name = "uk_cost_center_number", columnNames = {"tenant", "cost_center_number"}))
@ODataEntitySet(service = "erp", name = "CostCenters", write = PlatformRoles.TENANT_ADMIN)
public class CostCenter extends TenantScopedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "cost_center_seq")
    @SequenceGenerator(name = "cost_center_seq", sequenceName = "cost_center_seq", allocationSize = 50)
    private Long id;

    @NotBlank
    @Size(max = 10)
    @Column(name = "cost_center_number", nullable = false, length = 10)
    @Searchable
    private String costCenterNumber;

    @NotBlank
    @Size(max = 80)
    @Column(name = "name", nullable = false, length = 80)
    @Searchable
    private String name;

    /** The person who answers for the cost center's budget. */
    @PersonalData
    @Size(max = 120)
    @Column(name = "responsible_person", length = 120)
    private String responsiblePerson;

    @Column(name = "active", nullable = false)
    private boolean active = true;

    protected CostCenter() {
    }

    public CostCenter(String costCenterNumber, String name, String responsiblePerson) {
        this.costCenterNumber = costCenterNumber;
        this.name = name;
        this.responsiblePerson = responsiblePerson;
    }

    public Long getId() {
        return id;
    }
}
