package de.deutschlandstack.erp.invoicing;

import de.deutschlandstack.core.privacy.RetainedFor;
import de.deutschlandstack.core.odata.model.Computed;
import de.deutschlandstack.core.ai.Predictions;
import de.deutschlandstack.core.odata.model.ODataAction;
import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.odata.model.Searchable;
import de.deutschlandstack.core.odata.model.ODataParameter;
import de.deutschlandstack.erp.accounting.JournalEntry;
import de.deutschlandstack.erp.accounting.Ledger;
import de.deutschlandstack.erp.payments.Payment;
import de.deutschlandstack.erp.payments.PaymentClearing;
import de.deutschlandstack.core.events.BusinessRuleViolation;
import de.deutschlandstack.core.events.StatusConflict;
import de.deutschlandstack.erp.codelists.TaxCode;
import de.deutschlandstack.erp.partners.BusinessPartner;
import de.deutschlandstack.erp.pricing.PricedDocument;
import de.deutschlandstack.erp.purchasing.PurchaseOrder;
import de.deutschlandstack.erp.sales.SalesOrder;
import jakarta.persistence.CascadeType;
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
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.annotations.CreationTimestamp;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * An invoice the tenant sends to a customer or receives from a supplier. A {@code DRAFT} can still change; posting
 * it writes its journal entry and makes it an open item; payments clear it ({@code PARTIALLY_PAID}, {@code PAID}).
 */
@Entity
@Table(name = "invoice",
        uniqueConstraints = @UniqueConstraint(name = "uk_invoice_number", columnNames = {"tenant", "invoice_number"}),
        indexes = {
                @Index(name = "ix_invoice_date", columnList = "tenant, invoice_date"),
                @Index(name = "ix_invoice_status_due", columnList = "tenant, status, due_date"),
                @Index(name = "ix_invoice_partner", columnList = "partner_id"),
                @Index(name = "ix_invoice_sales_order", columnList = "sales_order_id"),
                @Index(name = "ix_invoice_purchase_order", columnList = "purchase_order_id")
        })
@RetainedFor(years = 10, law = "§ 147 Abs. 1 Nr. 4, Abs. 3 AO; § 14b UStG")
@ODataEntitySet(service = "erp", name = "Invoices")
public class Invoice extends PricedDocument {

    /** Who issued it: the tenant, to a customer; or a supplier, to the tenant. */
    public enum Kind {
        CUSTOMER, SUPPLIER
    }

    public enum Status {
        DRAFT, POSTED, PARTIALLY_PAID, PAID, CANCELLED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "invoice_seq")
    @SequenceGenerator(name = "invoice_seq", sequenceName = "invoice_seq", allocationSize = 50)
    private Long id;

    /** Taken from the tenant's gapless number range when the invoice is created; the supplier's own is the external reference. */
    @Computed
    @NotBlank
    @Size(max = 20)
    @Column(name = "invoice_number", nullable = false, length = 20, updatable = false)
    @Searchable
    private String invoiceNumber;

    @NotNull
    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false, length = 16, updatable = false)
    private Kind kind = Kind.CUSTOMER;

    @NotNull
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "partner_id", nullable = false)
    private BusinessPartner partner;

    /** The supplier's own number of a received invoice. */
    @Size(max = 40)
    @Column(name = "external_reference", length = 40)
    @Searchable
    private String externalReference;

    @NotNull
    @Column(name = "invoice_date", nullable = false)
    private LocalDate invoiceDate;

    /** When payment is due; the invoice date plus the partner's payment terms unless given. */
    @Column(name = "due_date", nullable = false)
    private LocalDate dueDate;

    @Computed
    @NotNull
    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private Status status = Status.DRAFT;

    /** The order the invoice bills, set by the order's CreateInvoice; clients cannot bind it. */
    @Computed
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "sales_order_id")
    private SalesOrder salesOrder;

    @Computed
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "purchase_order_id")
    private PurchaseOrder purchaseOrder;

    /** What payments have cleared so far. */
    @Computed
    @NotNull
    @Column(name = "paid_amount", nullable = false, precision = 15, scale = 2)
    private BigDecimal paidAmount = BigDecimal.ZERO;

    /** Gross amount less what was paid: the open item. */
    @Computed
    @NotNull
    @Column(name = "open_amount", nullable = false, precision = 15, scale = 2)
    private BigDecimal openAmount = BigDecimal.ZERO;

    @CreationTimestamp
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @OneToMany(mappedBy = "invoice", cascade = CascadeType.PERSIST)
    @OrderBy("itemNumber")
    private List<InvoiceItem> items = new ArrayList<>();

    /** What was paid against the invoice. */
    @OneToMany(mappedBy = "invoice")
    @OrderBy("paymentDate")
    private List<Payment> payments = new ArrayList<>();

    /** The ledger postings of the invoice. */
    @OneToMany(mappedBy = "invoice")
    private List<JournalEntry> journalEntries = new ArrayList<>();

    protected Invoice() {
    }

    public Invoice(String invoiceNumber, Kind kind, BusinessPartner partner, LocalDate invoiceDate, LocalDate dueDate, String currency) {
        this.invoiceNumber = invoiceNumber;
        this.kind = kind;
        this.partner = partner;
        this.invoiceDate = invoiceDate;
        this.dueDate = dueDate;
        setCurrency(currency);
    }

    public Invoice forOrder(SalesOrder order) {
        this.salesOrder = order;
        return this;
    }

    public Invoice forOrder(PurchaseOrder order) {
        this.purchaseOrder = order;
        return this;
    }

    /** A draft created over OData gets its number, and its due date after the partner's payment terms unless given. */
    public void numberedAs(String number) {
        this.invoiceNumber = number;
        if (dueDate == null && invoiceDate != null && partner != null) {
            dueDate = invoiceDate.plusDays(partner.getPaymentTermsDays());
        }
    }

    public SalesOrder getSalesOrder() {
        return salesOrder;
    }

    public Invoice withExternalReference(String reference) {
        this.externalReference = reference;
        return this;
    }

    public InvoiceItem addItem(InvoiceItem item) {
        items.add(item);
        totalFrom(items);
        return item;
    }

    int nextItemNumber() {
        return (items.size() + 1) * 10;
    }

    @Override
    public void totalFrom(java.util.Collection<? extends de.deutschlandstack.erp.pricing.PricedItem> items) {
        super.totalFrom(items);
        openAmount = getGrossAmount().subtract(paidAmount);
    }

    /** Records a payment of this amount against the invoice. */
    public void cleared(BigDecimal amount) {
        checkPayable(amount);
        paidAmount = paidAmount.add(amount);
        openAmount = getGrossAmount().subtract(paidAmount);
        status = openAmount.signum() <= 0 ? Status.PAID : Status.PARTIALLY_PAID;
    }

    /** Posts the draft invoice: writes its balanced journal entry and makes it an open item. */
    @ODataAction
    public JournalEntry post(Ledger ledger) {
        return ledger.post(this);
    }

    /**
     * The probability that this customer invoice is paid after its due date: the tenant's own payment-delay model
     * ({@value PaymentHistory#MODEL}, trained on its lake data) on the invoice's amount and term and its customer's
     * payment history. A prediction about a customer is audited like every action; readers may ask for it.
     */
    @ODataAction(name = "PredictPaymentDelay", roles = {PlatformRoles.BUSINESS_USER, PlatformRoles.TENANT_ADMIN, PlatformRoles.READ_ONLY})
    public Double predictPaymentDelay(PaymentHistory history, Predictions predictions) {
        return predictions.predict(PaymentHistory.MODEL, history.features(this)).outputs().values().iterator().next();
    }

    /**
     * Records a payment of {@code Amount} received (or, for a supplier invoice, made) on {@code PaymentDate} (today if
     * not given): clears the invoice fully or in part and posts the payment.
     */
    @ODataAction
    public Payment recordPayment(@ODataParameter("Amount") @NotNull BigDecimal amount,
                                 @ODataParameter("PaymentDate") LocalDate paymentDate,
                                 @ODataParameter("Reference") @Size(max = 140) String reference, PaymentClearing clearing) {
        return clearing.record(this, amount, paymentDate != null ? paymentDate : LocalDate.now(), reference);
    }

    /** Marks the invoice posted; its journal entry is written by {@code Ledger}. */
    public void posted() {
        if (status != Status.DRAFT) {
            throw new StatusConflict(describe(), status.name(), "only a DRAFT invoice can be posted");
        }
        if (getGrossAmount().signum() <= 0) {
            throw new BusinessRuleViolation("EmptyInvoice", describe() + " has nothing to pay; only an invoice with a positive amount can be posted");
        }
        status = Status.POSTED;
    }

    /** Checks that a payment of this amount may clear the invoice. */
    public void checkPayable(BigDecimal amount) {
        if (status != Status.POSTED && status != Status.PARTIALLY_PAID) {
            throw new StatusConflict(describe(), status.name(), "only a POSTED or PARTIALLY_PAID invoice can be paid");
        }
        if (amount == null || amount.signum() <= 0) {
            throw new BusinessRuleViolation("InvalidAmount", "A payment needs a positive amount");
        }
        if (amount.compareTo(openAmount) > 0) {
            throw new BusinessRuleViolation("Overpayment", describe() + " has " + openAmount.toPlainString() + " "
                    + getCurrency() + " open; a payment of " + amount.toPlainString() + " would pay more than that");
        }
    }

    @Override
    public String describe() {
        return (kind == Kind.CUSTOMER ? "Invoice " : "Supplier invoice ") + invoiceNumber;
    }

    @Override
    public String statusName() {
        return status.name();
    }

    @Override
    public boolean isEditable() {
        return status == Status.DRAFT;
    }

    @Override
    public TaxCode.Direction taxDirection() {
        return kind == Kind.CUSTOMER ? TaxCode.Direction.OUTPUT : TaxCode.Direction.INPUT;
    }

    public Long getId() {
        return id;
    }

    public String getInvoiceNumber() {
        return invoiceNumber;
    }

    public Kind getKind() {
        return kind;
    }

    public BusinessPartner getPartner() {
        return partner;
    }

    public LocalDate getInvoiceDate() {
        return invoiceDate;
    }

    public LocalDate getDueDate() {
        return dueDate;
    }

    public Status getStatus() {
        return status;
    }

    public BigDecimal getPaidAmount() {
        return paidAmount;
    }

    public BigDecimal getOpenAmount() {
        return openAmount;
    }

    public List<InvoiceItem> getItems() {
        return List.copyOf(items);
    }
}
