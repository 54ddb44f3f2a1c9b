package de.deutschlandstack.erp.partners;

import de.deutschlandstack.core.privacy.PersonalData;
import de.deutschlandstack.core.privacy.DataSubject;
import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.odata.model.Searchable;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import de.deutschlandstack.core.odata.model.ODataFunction;
import de.deutschlandstack.core.tenancy.CodeList;
import de.deutschlandstack.erp.invoicing.Invoice;
import de.deutschlandstack.erp.invoicing.OpenItems;
import de.deutschlandstack.erp.codelists.Country;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.ForeignKey;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.OrderColumn;
import jakarta.validation.Valid;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import java.util.ArrayList;
import java.util.List;

/** A customer or supplier: an organisation or a person the tenant does business with. */
@Entity
@Table(name = "business_partner",
        uniqueConstraints = @UniqueConstraint(name = "uk_business_partner_number", columnNames = {"tenant", "partner_number"}),
        indexes = @Index(name = "ix_business_partner_name", columnList = "tenant, name"))
@DataSubject
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
    @Searchable
    private String partnerNumber;

    @NotBlank
    @Size(max = 120)
    @Column(name = "name", nullable = false, length = 120)
    @Searchable
    private String name;

    @NotNull
    @Enumerated(EnumType.STRING)
    @Column(name = "role", nullable = false, length = 24)
    private Role role = Role.CUSTOMER;

    /** May be a person's own address (a sole trader's, a freelancer's). */
    @PersonalData
    @Email
    @Size(max = 254)
    @Column(name = "email", length = 254)
    @Searchable
    private String email;

    @Size(max = 80)
    @Column(name = "city", length = 80)
    @Searchable
    private String city;

    @Size(max = 10)
    @Column(name = "postal_code", length = 10)
    private String postalCode;

    /** ISO 3166-1 alpha-2. */
    @Pattern(regexp = "[A-Z]{2}")
    @CodeList(Country.class)
    @Column(name = "country", length = 2)
    private String country;

    @Size(max = 20)
    @Column(name = "vat_id", length = 20)
    private String vatId;

    /** Days between an invoice's date and its due date. */
    @Min(0)
    @Max(365)
    @Column(name = "payment_terms_days", nullable = false)
    private int paymentTermsDays = 30;

    /** Further addresses besides the registered one above: where to deliver, where to send invoices. */
    @Valid
    @ElementCollection
    @CollectionTable(name = "business_partner_address", joinColumns = @JoinColumn(name = "partner_id"),
            foreignKey = @ForeignKey(name = "fk_business_partner_address_partner"))
    @OrderColumn(name = "position")
    @OnDelete(action = OnDeleteAction.CASCADE)
    private List<Address> addresses = new ArrayList<>();

    @OneToMany(mappedBy = "partner")
    @OrderBy("lastName, firstName")
    private List<ContactPerson> contactPersons = new ArrayList<>();

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

    /** The partner's open items: posted invoices not yet fully paid, the oldest due first. */
    @ODataFunction
    public List<Invoice> openItems(OpenItems openItems) {
        return openItems.of(this);
    }

    public int getPaymentTermsDays() {
        return paymentTermsDays;
    }

    public List<Address> getAddresses() {
        return List.copyOf(addresses);
    }

    public BusinessPartner payingWithin(int days) {
        this.paymentTermsDays = days;
        return this;
    }

    public BusinessPartner deliveringTo(Address address) {
        addresses.add(address);
        return this;
    }

    public BusinessPartner withVatId(String vatId) {
        this.vatId = vatId;
        return this;
    }
}
