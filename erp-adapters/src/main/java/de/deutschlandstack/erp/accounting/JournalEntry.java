package de.deutschlandstack.erp.accounting;

import de.deutschlandstack.core.privacy.RetainedFor;
import de.deutschlandstack.core.odata.model.Computed;
import de.deutschlandstack.core.odata.model.ODataAction;
import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.odata.model.Searchable;
import de.deutschlandstack.core.tenancy.CodeList;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import de.deutschlandstack.erp.codelists.Currency;
import de.deutschlandstack.erp.invoicing.Invoice;
import de.deutschlandstack.erp.payments.Payment;
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
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.hibernate.annotations.CreationTimestamp;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A posting to the general ledger: lines on accounts whose debits equal their credits. Entries the platform posts
 * (for an invoice, a payment) are {@code POSTED} from the start; an entry a user keys in starts as a {@code DRAFT}
 * and is posted once it balances. A posted entry never changes: a correction is a new entry.
 */
@Entity
@Table(name = "journal_entry",
        uniqueConstraints = @UniqueConstraint(name = "uk_journal_entry_number", columnNames = {"tenant", "entry_number"}),
        indexes = {
                @Index(name = "ix_journal_entry_posting_date", columnList = "tenant, posting_date"),
                @Index(name = "ix_journal_entry_invoice", columnList = "invoice_id"),
                @Index(name = "ix_journal_entry_payment", columnList = "payment_id")
        })
@RetainedFor(years = 10, law = "§ 147 Abs. 1 Nr. 1, 4, Abs. 3 AO; § 257 Abs. 1 Nr. 1, 4 HGB")
@ODataEntitySet(service = "erp", name = "JournalEntries")
public class JournalEntry extends TenantScopedEntity {

    public enum Status {
        DRAFT, POSTED
    }

    /** What the entry records. */
    public enum Source {
        MANUAL, INVOICE, PAYMENT
    }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "journal_entry_seq")
    @SequenceGenerator(name = "journal_entry_seq", sequenceName = "journal_entry_seq", allocationSize = 50)
    private Long id;

    /** Taken from the tenant's gapless number range when the entry is created. */
    @Computed
    @NotBlank
    @Size(max = 20)
    @Column(name = "entry_number", nullable = false, length = 20, updatable = false)
    @Searchable
    private String entryNumber;

    @NotNull
    @Column(name = "posting_date", nullable = false)
    private LocalDate postingDate;

    @NotNull
    @Column(name = "document_date", nullable = false)
    private LocalDate documentDate;

    @Computed
    @NotNull
    @Enumerated(EnumType.STRING)
    @Column(name = "source", nullable = false, length = 16)
    private Source source = Source.MANUAL;

    @Computed
    @NotNull
    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private Status status = Status.DRAFT;

    @Size(max = 120)
    @Column(name = "text", length = 120)
    @Searchable
    private String text;

    @NotNull
    @Pattern(regexp = "[A-Z]{3}")
    @CodeList(Currency.class)
    @Column(name = "currency", nullable = false, length = 3)
    private String currency = "EUR";

    /** The invoice or payment the platform posted this entry for; never bound by a client. */
    @Computed
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "invoice_id")
    private Invoice invoice;

    @Computed
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "payment_id")
    private Payment payment;

    @Computed
    @NotNull
    @Column(name = "total_debit", nullable = false, precision = 15, scale = 2)
    private BigDecimal totalDebit = BigDecimal.ZERO;

    @Computed
    @NotNull
    @Column(name = "total_credit", nullable = false, precision = 15, scale = 2)
    private BigDecimal totalCredit = BigDecimal.ZERO;

    @CreationTimestamp
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @OneToMany(mappedBy = "entry", cascade = CascadeType.PERSIST)
    @OrderBy("lineNumber")
    private List<JournalEntryLine> lines = new ArrayList<>();

    protected JournalEntry() {
    }

    public JournalEntry(String entryNumber, LocalDate postingDate, LocalDate documentDate, Source source, String currency, String text) {
        this.entryNumber = entryNumber;
        this.postingDate = postingDate;
        this.documentDate = documentDate;
        this.source = source;
        this.currency = currency;
        this.text = text;
    }

    public void numberedAs(String number) {
        this.entryNumber = number;
    }

    public LocalDate getPostingDate() {
        return postingDate;
    }

    public JournalEntry recording(Invoice invoice) {
        this.invoice = invoice;
        return this;
    }

    public JournalEntry recording(Payment payment) {
        this.payment = payment;
        return this;
    }

    public JournalEntryLine debit(GLAccount account, BigDecimal amount) {
        return addLine(account, amount, BigDecimal.ZERO);
    }

    public JournalEntryLine credit(GLAccount account, BigDecimal amount) {
        return addLine(account, BigDecimal.ZERO, amount);
    }

    private JournalEntryLine addLine(GLAccount account, BigDecimal debit, BigDecimal credit) {
        JournalEntryLine line = new JournalEntryLine(this, lines.size() + 1, account, debit, credit);
        lines.add(line);
        totalFrom(lines);
        return line;
    }

    /** Sets the totals to what these lines, all of this entry, add up to. */
    public void totalFrom(List<JournalEntryLine> lines) {
        totalDebit = lines.stream().map(JournalEntryLine::getDebit).reduce(BigDecimal.ZERO, BigDecimal::add);
        totalCredit = lines.stream().map(JournalEntryLine::getCredit).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Posts an entry keyed in as a draft, once its debits equal its credits. */
    @ODataAction(name = "Post")
    public JournalEntry postDraft(Ledger ledger) {
        return ledger.post(this);
    }

    /**
     * Posts the entry: from now on it is part of the ledger and never changes. Refused unless debits equal
     * credits and the entry has at least one line on each side.
     */
    public void post() {
        if (status == Status.POSTED) {
            throw new IllegalStateException("Journal entry " + entryNumber + " is already POSTED");
        }
        if (totalDebit.compareTo(totalCredit) != 0 || totalDebit.signum() == 0) {
            throw new UnbalancedEntry(entryNumber, totalDebit, totalCredit);
        }
        status = Status.POSTED;
    }

    public Long getId() {
        return id;
    }

    public String getEntryNumber() {
        return entryNumber;
    }

    public Status getStatus() {
        return status;
    }

    public BigDecimal getTotalDebit() {
        return totalDebit;
    }

    public BigDecimal getTotalCredit() {
        return totalCredit;
    }

    public List<JournalEntryLine> getLines() {
        return List.copyOf(lines);
    }

    /** Debits and credits differ: the ledger would not balance. */
    public static class UnbalancedEntry extends RuntimeException {
        public UnbalancedEntry(String entryNumber, BigDecimal debit, BigDecimal credit) {
            super("Journal entry " + entryNumber + " does not balance: debit " + debit.toPlainString()
                    + ", credit " + credit.toPlainString());
        }
    }
}
