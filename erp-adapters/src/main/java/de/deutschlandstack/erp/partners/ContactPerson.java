package de.deutschlandstack.erp.partners;

import de.deutschlandstack.core.privacy.DataSubject;
import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.odata.model.Searchable;
import de.deutschlandstack.core.privacy.PersonalData;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

/** A person at a business partner the tenant talks to. Name and ways to reach them are personal data. */
@Entity
@Table(name = "contact_person", indexes = @Index(name = "ix_contact_person_partner", columnList = "partner_id"))
@DataSubject
@ODataEntitySet(service = "erp", name = "ContactPersons")
public class ContactPerson extends TenantScopedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "contact_person_seq")
    @SequenceGenerator(name = "contact_person_seq", sequenceName = "contact_person_seq", allocationSize = 50)
    private Long id;

    /** Deleting a partner deletes its contact persons, within the partner's tenant only. */
    @NotNull
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "partner_id", nullable = false)
    @OnDelete(action = OnDeleteAction.CASCADE)
    private BusinessPartner partner;

    @PersonalData
    @NotBlank
    @Size(max = 60)
    @Column(name = "first_name", nullable = false, length = 60)
    @Searchable
    private String firstName;

    @PersonalData
    @NotBlank
    @Size(max = 60)
    @Column(name = "last_name", nullable = false, length = 60)
    @Searchable
    private String lastName;

    /** What the person does for the partner: purchasing, accounts payable, management. */
    @Size(max = 60)
    @Column(name = "job_title", length = 60)
    private String jobTitle;

    @PersonalData
    @Email
    @Size(max = 254)
    @Column(name = "email", length = 254)
    @Searchable
    private String email;

    @PersonalData
    @Size(max = 30)
    @Column(name = "phone", length = 30)
    private String phone;

    protected ContactPerson() {
    }

    public ContactPerson(BusinessPartner partner, String firstName, String lastName, String jobTitle) {
        this.partner = partner;
        this.firstName = firstName;
        this.lastName = lastName;
        this.jobTitle = jobTitle;
    }

    public ContactPerson reachableAt(String email, String phone) {
        this.email = email;
        this.phone = phone;
        return this;
    }
}
