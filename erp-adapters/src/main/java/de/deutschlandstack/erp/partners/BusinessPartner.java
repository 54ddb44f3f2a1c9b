package de.deutschlandstack.erp.partners;

import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.hibernate.annotations.CreationTimestamp;

import java.time.Instant;

/** A customer or supplier: an organisation or a person the tenant does business with. */
@Entity
@Table(name = "business_partner",
        uniqueConstraints = @UniqueConstraint(name = "uk_business_partner_number", columnNames = {"tenant", "partner_number"}),
        indexes = @Index(name = "ix_business_partner_name", columnList = "tenant, name"))
@ODataEntitySet(service = "erp", name = "BusinessPartners")
public class BusinessPartner extends TenantScopedEntity {

    public enum Role {
        CUSTOMER, SUPPLIER, CUSTOMER_AND_SUPPLIER
    }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "business_partner_seq")
    @SequenceGenerator(name = "business_partner_seq", sequenceName = "business_partner_seq", allocationSize = 50)
    private Long id;

    @NotBlank
    @Size(max = 20)
    @Column(name = "partner_number", nullable = false, length = 20)
    private String partnerNumber;

    @NotBlank
    @Size(max = 120)
    @Column(name = "name", nullable = false, length = 120)
    private String name;

    @NotNull
    @Enumerated(EnumType.STRING)
    @Column(name = "role", nullable = false, length = 24)
    private Role role = Role.CUSTOMER;

    @Email
    @Size(max = 254)
    @Column(name = "email", length = 254)
    private String email;

    @Size(max = 80)
    @Column(name = "city", length = 80)
    private String city;

    @Size(max = 10)
    @Column(name = "postal_code", length = 10)
    private String postalCode;

    /** ISO 3166-1 alpha-2. */
    @Pattern(regexp = "[A-Z]{2}")
    @Column(name = "country", length = 2)
    private String country;

    @Size(max = 20)
    @Column(name = "vat_id", length = 20)
    private String vatId;

    @CreationTimestamp
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected BusinessPartner() {
    }

    public BusinessPartner(String partnerNumber, String name, Role role) {
        this.partnerNumber = partnerNumber;
        this.name = name;
        this.role = role;
    }

    public Long getId() {
        return id;
    }

    public String getPartnerNumber() {
        return partnerNumber;
    }

    public String getName() {
        return name;
    }

    public Role getRole() {
        return role;
    }

    public BusinessPartner locatedIn(String postalCode, String city, String country) {
        this.postalCode = postalCode;
        this.city = city;
        this.country = country;
        return this;
    }

    public BusinessPartner reachableAt(String email) {
        this.email = email;
        return this;
    }

    public BusinessPartner withVatId(String vatId) {
        this.vatId = vatId;
        return this;
    }
}
