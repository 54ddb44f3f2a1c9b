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
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A currency the tenant does business in, by its ISO 4217 code. */
@Entity
@Table(name = "currency")
@ODataEntitySet(service = "erp", name = "Currencies", write = PlatformRoles.TENANT_ADMIN)
public class Currency extends TenantScopedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "currency_seq")
    @SequenceGenerator(name = "currency_seq", sequenceName = "currency_seq", allocationSize = 50)
    private Long id;

    @ODataKey
    @Pattern(regexp = "[A-Z]{3}")
    @Column(name = "code", nullable = false, length = 3, updatable = false)
    private String code;

    @NotBlank
    @Size(max = 60)
    @Column(name = "name", nullable = false, length = 60)
    @Searchable
    private String name;

    /** Minor units: 2 for EUR, 0 for JPY. Amounts in this currency are rounded to it. */
    @Min(0)
    @Max(4)
    @Column(name = "decimals", nullable = false)
    private int decimals = 2;

    protected Currency() {
    }

    public Currency(String code, String name, int decimals) {
        this.code = code;
        this.name = name;
        this.decimals = decimals;
    }

    public String getCode() {
        return code;
    }
}
