package de.deutschlandstack.erp.numbering;

import de.deutschlandstack.core.events.ChangeKind;
import de.deutschlandstack.core.events.PendingChange;
import de.deutschlandstack.erp.accounting.JournalEntry;
import de.deutschlandstack.erp.invoicing.Invoice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.hibernate.Hibernate;

import java.time.LocalDate;

/**
 * Numbers the documents clients create over OData from the same gapless ranges the platform's actions use: a
 * client never chooses an invoice or journal entry number (they are computed properties), so no number a client
 * picked can ever block the range. A draft invoice a client deletes hands its order back for invoicing.
 */
@ApplicationScoped
public class DocumentNumbering {

    @Inject
    DocumentNumbers numbers;

    void number(@Observes PendingChange change) {
        if (change.kind() == ChangeKind.CREATED && change.entity() instanceof Invoice invoice) {
            LocalDate date = invoice.getInvoiceDate() != null ? invoice.getInvoiceDate() : LocalDate.now();
            invoice.numberedAs(numbers.next(invoice.getKind() == Invoice.Kind.SUPPLIER
                    ? DocumentNumbers.Kind.SUPPLIER_INVOICE : DocumentNumbers.Kind.INVOICE, date));
        } else if (change.kind() == ChangeKind.CREATED && change.entity() instanceof JournalEntry entry) {
            entry.numberedAs(numbers.next(DocumentNumbers.Kind.JOURNAL_ENTRY,
                    entry.getPostingDate() != null ? entry.getPostingDate() : LocalDate.now()));
        } else if (change.kind() == ChangeKind.DELETED && change.entity() instanceof Invoice invoice
                && invoice.getSalesOrder() != null) {
            ((de.deutschlandstack.erp.sales.SalesOrder) Hibernate.unproxy(invoice.getSalesOrder())).invoiceWithdrawn();
        }
    }
}
