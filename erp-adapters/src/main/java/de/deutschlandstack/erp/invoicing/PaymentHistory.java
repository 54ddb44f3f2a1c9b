package de.deutschlandstack.erp.invoicing;

import de.deutschlandstack.core.events.BusinessRuleViolation;
import de.deutschlandstack.erp.payments.Payment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is known of how a customer pays, as features of the payment-delay model: the same definitions the lake's
 * {@code payment-delay} dataset trains it on (the customer's earlier invoices whose outcome is known today, paid or open
 * past their due date, and the share of them paid late), counted by the database.
 */
@ApplicationScoped
public class PaymentHistory {

    /** The model the platform trains for it (POST /ai/v1/services/payment-delay-risk/training). */
    public static final String MODEL = "payment-delay-risk";

    private static final List<Invoice.Status> ISSUED = List.of(Invoice.Status.POSTED, Invoice.Status.PARTIALLY_PAID,
            Invoice.Status.PAID);

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    /** The features of a customer invoice: its amount (log), its term, and its customer's history before it. */
    public Map<String, Double> features(Invoice invoice) {
        if (invoice.getKind() != Invoice.Kind.CUSTOMER || !ISSUED.contains(invoice.getStatus())) {
            throw new BusinessRuleViolation("PAYMENT_DELAY_NOT_APPLICABLE",
                    "A payment delay is predicted for a customer invoice that was posted, not for this " + invoice.describe());
        }
        LocalDate today = LocalDate.now();
        String earlier = "i.partner = :partner and i.kind = :customer and i.status in :issued"
                + " and (i.invoiceDate < :date or (i.invoiceDate = :date and i.id < :id))";
        Object[] known = em.createQuery("select count(i), coalesce(sum(case when i.status <> :paid then 1 else 0 end), 0)"
                        + " from Invoice i where " + earlier + " and (i.status = :paid or i.dueDate < :today)", Object[].class)
                .setParameter("partner", invoice.getPartner()).setParameter("customer", Invoice.Kind.CUSTOMER)
                .setParameter("issued", ISSUED).setParameter("date", invoice.getInvoiceDate()).setParameter("id", invoice.getId())
                .setParameter("paid", Invoice.Status.PAID).setParameter("today", today).getSingleResult();
        long paidLate = em.createQuery("select count(*) from (select i.id as id from Invoice i join " + Payment.class.getSimpleName()
                        + " p on p.invoice = i where " + earlier + " and i.status = :paid group by i.id, i.dueDate"
                        + " having max(p.paymentDate) > i.dueDate) late", Long.class)
                .setParameter("partner", invoice.getPartner()).setParameter("customer", Invoice.Kind.CUSTOMER)
                .setParameter("issued", ISSUED).setParameter("date", invoice.getInvoiceDate()).setParameter("id", invoice.getId())
                .setParameter("paid", Invoice.Status.PAID).getSingleResult();
        long prior = ((Number) known[0]).longValue();
        long openPastDue = ((Number) known[1]).longValue();
        Map<String, Double> features = new LinkedHashMap<>();
        features.put("LogGrossAmount", Math.log1p(invoice.getGrossAmount().doubleValue()));
        features.put("TermDays", (double) java.time.temporal.ChronoUnit.DAYS.between(invoice.getInvoiceDate(), invoice.getDueDate()));
        features.put("PriorInvoices", (double) prior);
        features.put("PriorLateShare", prior == 0 ? 0.0 : (double) (paidLate + openPastDue) / prior);
        return features;
    }
}
