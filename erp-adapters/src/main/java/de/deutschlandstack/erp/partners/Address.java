package de.deutschlandstack.erp.partners;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A postal address of a business partner, for one purpose: where goods go, or where invoices go. */
@Embeddable
public class Address {

    public enum Purpose {
        DELIVERY, BILLING
    }

    @NotNull
    @Enumerated(EnumType.STRING)
    @Column(name = "purpose", nullable = false, length = 16)
    private Purpose purpose;

    @NotBlank
    @Size(max = 120)
    @Column(name = "street", nullable = false, length = 120)
    private String street;

    @NotBlank
    @Size(max = 10)
    @Column(name = "postal_code", nullable = false, length = 10)
    private String postalCode;

    @NotBlank
    @Size(max = 80)
    @Column(name = "city", nullable = false, length = 80)
    private String city;

    /** ISO 3166-1 alpha-2. */
    @NotNull
    @Pattern(regexp = "[A-Z]{2}")
    @Column(name = "country", nullable = false, length = 2)
    private String country;

    protected Address() {
    }

    public Address(Purpose purpose, String street, String postalCode, String city, String country) {
        this.purpose = purpose;
        this.street = street;
        this.postalCode = postalCode;
        this.city = city;
        this.country = country;
    }
}
