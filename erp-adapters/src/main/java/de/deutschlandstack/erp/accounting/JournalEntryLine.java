package de.deutschlandstack.erp.accounting;

import de.deutschlandstack.core.privacy.RetainedFor;
import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import de.deutschlandstack.erp.partners.BusinessPartner;
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
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

import java.math.BigDecimal;

/** One line of a journal entry: an amount on the debit or the credit side of an account. */
@Entity
@Table(name = "journal_entry_line",
        indexes = {
                @Index(name = "ix_journal_entry_line_entry", columnList = "entry_id, line_number"),
                @Index(name = "ix_journal_entry_line_account", columnList = "gl_account_id"),
                @Index(name = "ix_journal_entry_line_partner", columnList = "partner_id"),
                @Index(name = "ix_journal_entry_line_cost_center", columnList = "cost_center_id")
        })
@RetainedFor(years = 10, law = "§ 147 Abs. 1 Nr. 1, 4, Abs. 3 AO; § 257 Abs. 1 Nr. 1, 4 HGB")
@ODataEntitySet(service = "erp", name = "JournalEntryLines")
public class JournalEntryLine extends TenantScopedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "journal_entry_line_seq")
    @SequenceGenerator(name = "journal_entry_line_seq", sequenceName = "journal_entry_line_seq", allocationSize = 50)
    private Long id;

    /** Deleting a draft entry deletes its lines, within the entry's tenant only. */
    @NotNull
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "entry_id", nullable = false)
    @OnDelete(action = OnDeleteAction.CASCADE)
    private JournalEntry entry;

    @Positive
    @Column(name = "line_number", nullable = false)
    private int lineNumber;

    @NotNull
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "gl_account_id", nullable = false)
    private GLAccount glAccount;

    @NotNull
    @DecimalMin("0.00")
    @Column(name = "debit", nullable = false, precision = 15, scale = 2)
    private BigDecimal debit = BigDecimal.ZERO;

    @NotNull
    @DecimalMin("0.00")
    @Column(name = "credit", nullable = false, precision = 15, scale = 2)
    private BigDecimal credit = BigDecimal.ZERO;

    /** The customer or supplier whose open item this line is, on receivable and payable accounts. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "partner_id")
    private BusinessPartner partner;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "cost_center_id")
    private CostCenter costCenter;

    @Size(max = 120)
    @Column(name = "text", length = 120)
    private String text;

    protected JournalEntryLine() {
    }

    JournalEntryLine(JournalEntry entry, int lineNumber, GLAccount glAccount, BigDecimal debit, BigDecimal credit) {
        this.entry = entry;
        this.lineNumber = lineNumber;
        this.glAccount = glAccount;
        this.debit = debit;
        this.credit = credit;
    }

    public JournalEntryLine forPartner(BusinessPartner partner) {
        this.partner = partner;
        return this;
    }

    public JournalEntryLine chargedTo(CostCenter costCenter) {
        this.costCenter = costCenter;
        return this;
    }

    public JournalEntryLine saying(String text) {
        this.text = text;
        return this;
    }

    public JournalEntry getEntry() {
        return entry;
    }

    public GLAccount getGlAccount() {
        return glAccount;
    }

    public BigDecimal getDebit() {
        return debit;
    }

    public BigDecimal getCredit() {
        return credit;
    }
}
