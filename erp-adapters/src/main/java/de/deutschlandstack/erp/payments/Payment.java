package de.deutschlandstack.erp.payments;

import de.deutschlandstack.core.privacy.RetainedFor;
import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.odata.model.Searchable;
import de.deutschlandstack.core.tenancy.CodeList;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import de.deutschlandstack.erp.codelists.Currency;
import de.deutschlandstack.erp.invoicing.Invoice;
import de.deutschlandstack.erp.partners.BusinessPartner;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.hibernate.annotations.CreationTimestamp;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Money received from a customer or paid to a supplier, clearing an invoice fully or in part. Recorded by
 * {@code Invoices(...)/RecordPayment} together with its ledger entry, never written directly: a payment is a fact.
 */
@Entity
@Table(name = "payment",
        uniqueConstraints = @UniqueConstraint(name = "uk_payment_number", columnNames = {"tenant", "payment_number"}),
        indexes = {
                @Index(name = "ix_payment_date", columnList = "tenant, payment_date"),
                @Index(name = "ix_payment_partner", columnList = "partner_id"),
                @Index(name = "ix_payment_invoice", columnList = "invoice_id")
        })
@RetainedFor(years = 10, law = "§ 147 Abs. 1 Nr. 4, Abs. 3 AO (Buchungsbeleg)")
@ODataEntitySet(service = "erp", name = "Payments", insertable = false, updatable = false, deletable = false)
public class Payment extends TenantScopedEntity {

    public enum Direction {
        INCOMING, OUTGOING
    }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "payment_seq")
    @SequenceGenerator(name = "payment_seq", sequenceName = "payment_seq", allocationSize = 50)
    private Long id;

    @NotBlank
    @Size(max = 20)
    @Column(name = "payment_number", nullable = false, length = 20, updatable = false)
    @Searchable
    private String paymentNumber;

    @NotNull
    @Enumerated(EnumType.STRING)
    @Column(name = "direction", nullable = false, length = 16, updatable = false)
    private Direction direction;

    @NotNull
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "partner_id", nullable = false, updatable = false)
    private BusinessPartner partner;

    /** The invoice this payment clears. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "invoice_id", updatable = false)
    private Invoice invoice;

    @NotNull
    @Column(name = "payment_date", nullable = false, updatable = false)
    private LocalDate paymentDate;

    @NotNull
    @DecimalMin(value = "0.00", inclusive = false)
    @Column(name = "amount", nullable = false, precision = 15, scale = 2, updatable = false)
    private BigDecimal amount;

    @NotNull
    @Pattern(regexp = "[A-Z]{3}")
    @CodeList(Currency.class)
    @Column(name = "currency", nullable = false, length = 3, updatable = false)
    private String currency = "EUR";

    /** The remittance text, e.g. the invoice number the payer quoted. */
    @Size(max = 140)
    @Column(name = "reference", length = 140)
    @Searchable
    private String reference;

    @CreationTimestamp
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Payment() {
    }

    public Payment(String paymentNumber, Direction direction, BusinessPartner partner, Invoice invoice,
                   LocalDate paymentDate, BigDecimal amount, String currency, String reference) {
        this.paymentNumber = paymentNumber;
        this.direction = direction;
        this.partner = partner;
        this.invoice = invoice;
        this.paymentDate = paymentDate;
        this.amount = amount;
        this.currency = currency;
        this.reference = reference;
    }

    public Long getId() {
        return id;
    }

    public String getPaymentNumber() {
        return paymentNumber;
    }

    public Direction getDirection() {
        return direction;
    }

    public BusinessPartner getPartner() {
        return partner;
    }

    public Invoice getInvoice() {
        return invoice;
    }

    public LocalDate getPaymentDate() {
        return paymentDate;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public String getCurrency() {
        return currency;
    }
}
