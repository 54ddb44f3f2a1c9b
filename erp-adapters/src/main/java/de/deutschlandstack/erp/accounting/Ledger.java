package de.deutschlandstack.erp.accounting;

import de.deutschlandstack.core.events.BusinessRuleViolation;
import de.deutschlandstack.core.events.StatusConflict;
import de.deutschlandstack.erp.codelists.StandardCodeLists;
import de.deutschlandstack.erp.codelists.TaxCode;
import de.deutschlandstack.erp.invoicing.Invoice;
import de.deutschlandstack.erp.invoicing.InvoiceItem;
import de.deutschlandstack.erp.numbering.DocumentNumbers;
import de.deutschlandstack.erp.payments.Payment;
import de.deutschlandstack.erp.pricing.DocumentPricing;
import de.deutschlandstack.erp.pricing.PricedDocument;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.math.BigDecimal;
import java.util.List;

/**
 * Writes the general ledger: the journal entry of a posted invoice, of a payment, or of an entry a user keyed in.
 * Every entry it writes balances (debit = credit, checked by {@link JournalEntry#post()}) or is not written at all.
 *
 * <p>A customer invoice debits the customer's receivable with the gross amount and credits, per tax code, the revenue
 * account with the net sum and the output-VAT account with its tax. A supplier invoice mirrors it: the expense and
 * input-VAT accounts are debited, the supplier's payable credited. An incoming payment debits the bank and credits
 * the receivable; an outgoing one debits the payable and credits the bank.
 */
@ApplicationScoped
public class Ledger {

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @Inject
    DocumentNumbers numbers;

    @Inject
    DocumentPricing pricing;

    /** Posts a draft invoice: writes its balanced journal entry and makes it an open item. */
    public JournalEntry post(Invoice invoice) {
        List<InvoiceItem> items = em.createQuery("select i from InvoiceItem i where i.invoice = :invoice", InvoiceItem.class)
                .setParameter("invoice", invoice)
                .getResultList();
        invoice.totalFrom(items);
        invoice.posted();
        boolean customer = invoice.getKind() == Invoice.Kind.CUSTOMER;
        JournalEntry entry = new JournalEntry(numbers.next(DocumentNumbers.Kind.JOURNAL_ENTRY, invoice.getInvoiceDate()),
                invoice.getInvoiceDate(), invoice.getInvoiceDate(), JournalEntry.Source.INVOICE, invoice.getCurrency(),
                invoice.describe())
                .recording(invoice);
        GLAccount openItems = account(customer ? StandardCodeLists.RECEIVABLES : StandardCodeLists.PAYABLES);
        if (customer) {
            entry.debit(openItems, invoice.getGrossAmount()).forPartner(invoice.getPartner());
        }
        for (PricedDocument.TaxLine line : PricedDocument.taxLines(items)) {
            TaxCode code = pricing.taxCode(line.taxCode());
            if (line.net().signum() != 0) {
                side(entry, customer, account(code.getNetAccount()), line.net()).saying(code.getCode() + " net");
            }
            if (line.tax().signum() != 0) {
                side(entry, customer, account(code.getTaxAccount()), line.tax()).saying(code.getCode() + " tax");
            }
        }
        if (!customer) {
            entry.credit(openItems, invoice.getGrossAmount()).forPartner(invoice.getPartner());
        }
        entry.post();
        em.persist(entry);
        return entry;
    }

    /** Posts a payment: clears the open item against the bank. */
    public JournalEntry post(Payment payment) {
        boolean incoming = payment.getDirection() == Payment.Direction.INCOMING;
        JournalEntry entry = new JournalEntry(numbers.next(DocumentNumbers.Kind.JOURNAL_ENTRY, payment.getPaymentDate()),
                payment.getPaymentDate(), payment.getPaymentDate(), JournalEntry.Source.PAYMENT, payment.getCurrency(),
                "Payment " + payment.getPaymentNumber())
                .recording(payment);
        GLAccount bank = account(StandardCodeLists.BANK);
        GLAccount openItems = account(incoming ? StandardCodeLists.RECEIVABLES : StandardCodeLists.PAYABLES);
        if (incoming) {
            entry.debit(bank, payment.getAmount());
            entry.credit(openItems, payment.getAmount()).forPartner(payment.getPartner());
        } else {
            entry.debit(openItems, payment.getAmount()).forPartner(payment.getPartner());
            entry.credit(bank, payment.getAmount());
        }
        entry.post();
        em.persist(entry);
        return entry;
    }

    /** Posts an entry a user keyed in, once its lines balance. */
    public JournalEntry post(JournalEntry entry) {
        if (entry.getStatus() != JournalEntry.Status.DRAFT) {
            throw new StatusConflict("Journal entry " + entry.getEntryNumber(), entry.getStatus().name(),
                    "only a DRAFT entry can be posted");
        }
        entry.totalFrom(em.createQuery("select l from JournalEntryLine l where l.entry = :entry", JournalEntryLine.class)
                .setParameter("entry", entry)
                .getResultList());
        try {
            entry.post();
        } catch (JournalEntry.UnbalancedEntry e) {
            throw new BusinessRuleViolation("UnbalancedEntry", e.getMessage());
        }
        return entry;
    }

    /** The tenant's account with this number; a chart of accounts without it is a configuration error the client sees. */
    public GLAccount account(String number) {
        return em.createQuery("select a from GLAccount a where a.accountNumber = :number", GLAccount.class)
                .setParameter("number", number)
                .getResultStream().findFirst()
                .orElseThrow(() -> new BusinessRuleViolation("MissingAccount",
                        "The chart of accounts has no account " + number + ", which this posting needs"));
    }

    private static JournalEntryLine side(JournalEntry entry, boolean credit, GLAccount account, BigDecimal amount) {
        return credit ? entry.credit(account, amount) : entry.debit(account, amount);
    }
}
