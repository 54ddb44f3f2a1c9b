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

/** A country, by its ISO 3166-1 alpha-2 code. Membership in the EU decides intra-community VAT treatment. */
@Entity
@Table(name = "country")
@ODataEntitySet(service = "erp", name = "Countries", write = PlatformRoles.TENANT_ADMIN)
public class Country extends TenantScopedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "country_seq")
    @SequenceGenerator(name = "country_seq", sequenceName = "country_seq", allocationSize = 50)
    private Long id;

    @ODataKey
    @Pattern(regexp = "[A-Z]{2}")
    @Column(name = "code", nullable = false, length = 2, updatable = false)
    private String code;

    @NotBlank
    @Size(max = 60)
    @Column(name = "name", nullable = false, length = 60)
    @Searchable
    private String name;

    @Column(name = "eu_member", nullable = false)
    private boolean euMember;

    protected Country() {
    }

    public Country(String code, String name, boolean euMember) {
        this.code = code;
        this.name = name;
        this.euMember = euMember;
    }

    public String getCode() {
        return code;
    }
}
