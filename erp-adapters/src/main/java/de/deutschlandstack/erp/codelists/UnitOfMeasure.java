package de.deutschlandstack.erp.codelists;

import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.odata.model.Searchable;
import de.deutschlandstack.core.odata.model.ODataKey;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A unit of measure, by its UN/ECE Recommendation 20 code ({@code C62} piece, {@code HUR} hour, {@code KGM} kilogram). */
@Entity
@Table(name = "unit_of_measure")
@ODataEntitySet(service = "erp", name = "UnitsOfMeasure", write = PlatformRoles.TENANT_ADMIN)
public class UnitOfMeasure extends TenantScopedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "unit_of_measure_seq")
    @SequenceGenerator(name = "unit_of_measure_seq", sequenceName = "unit_of_measure_seq", allocationSize = 50)
    private Long id;

    @ODataKey
    @Pattern(regexp = "[A-Z0-9]{2,3}")
    @Column(name = "code", nullable = false, length = 3, updatable = false)
    private String code;

    @NotBlank
    @Size(max = 60)
    @Column(name = "name", nullable = false, length = 60)
    @Searchable
    private String name;

    protected UnitOfMeasure() {
    }

    public UnitOfMeasure(String code, String name) {
        this.code = code;
        this.name = name;
    }

    public String getCode() {
        return code;
    }
}
