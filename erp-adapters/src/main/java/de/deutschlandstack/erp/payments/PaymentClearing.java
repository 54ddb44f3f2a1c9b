package de.deutschlandstack.erp.payments;

import de.deutschlandstack.erp.accounting.Ledger;
import de.deutschlandstack.erp.invoicing.Invoice;
import de.deutschlandstack.erp.numbering.DocumentNumbers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Records payments against invoices: the payment, the invoice's cleared amount and status, the ledger entry. */
@ApplicationScoped
public class PaymentClearing {

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @Inject
    DocumentNumbers numbers;

    @Inject
    Ledger ledger;

    /**
     * Records that {@code amount} of the invoice was paid on {@code date}: in full ({@code PAID}) or in part
     * ({@code PARTIALLY_PAID}). More than the open amount, or a payment of an invoice that is not posted, is refused.
     */
    public Payment record(Invoice invoice, BigDecimal amount, LocalDate date, String reference) {
        invoice.cleared(amount);
        Payment payment = new Payment(numbers.next(DocumentNumbers.Kind.PAYMENT, date),
                invoice.getKind() == Invoice.Kind.CUSTOMER ? Payment.Direction.INCOMING : Payment.Direction.OUTGOING,
                invoice.getPartner(), invoice, date, amount, invoice.getCurrency(),
                reference != null ? reference : invoice.getInvoiceNumber());
        em.persist(payment);
        ledger.post(payment);
        return payment;
    }
}
