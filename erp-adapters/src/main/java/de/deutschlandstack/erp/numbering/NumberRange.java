package de.deutschlandstack.erp.numbering;

import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.UniqueConstraint;
import jakarta.persistence.Table;

/** The next free number of one kind of document in one year, per tenant ({@code INVOICE-2026}). Not exposed. */
@Entity
@Table(name = "number_range",
        uniqueConstraints = @UniqueConstraint(name = "uk_number_range_code", columnNames = {"tenant", "code"}))
public class NumberRange extends TenantScopedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "number_range_seq")
    @SequenceGenerator(name = "number_range_seq", sequenceName = "number_range_seq", allocationSize = 50)
    private Long id;

    @Column(name = "code", nullable = false, length = 40, updatable = false)
    private String code;

    @Column(name = "next_value", nullable = false)
    private long nextValue = 1;

    protected NumberRange() {
    }

    NumberRange(String code) {
        this.code = code;
    }

    long take() {
        return nextValue++;
    }
}
