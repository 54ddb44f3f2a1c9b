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
 * {@code payment-delay} dataset trains it on (the customer's invoices whose outcome was known on the invoice's day, and
 * the share of them that were late), counted by the database.
 */
@ApplicationScoped
public class PaymentHistory {

    /** The model the platform trains for it (POST /ai/v1/services/payment-delay-risk/training). */
    public static final String MODEL = "payment-delay-risk";

    private static final List<Invoice.Status> ISSUED = List.of(Invoice.Status.POSTED, Invoice.Status.PARTIALLY_PAID,
            Invoice.Status.PAID);

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    /**
     * The features of a customer invoice: its amount (log), its term, and what was known of its customer on the day it
     * was issued: the customer's other invoices whose outcome was known before that day (paid in time: from the payment's
     * day; late: from the day after the due date) and the share of them that were late.
     */
    public Map<String, Double> features(Invoice invoice) {
        if (invoice.getKind() != Invoice.Kind.CUSTOMER || !ISSUED.contains(invoice.getStatus())) {
            throw new BusinessRuleViolation("PAYMENT_DELAY_NOT_APPLICABLE",
                    "A payment delay is predicted for a customer invoice that was posted, not for this " + invoice.describe());
        }
        LocalDate day = invoice.getInvoiceDate();
        String others = "i.partner = :partner and i.kind = :customer and i.id <> :id";
        // Overdue before the day: known late then, unless it had been paid in time.
        long overdue = em.createQuery("select count(i) from Invoice i where " + others
                        + " and i.status in :issued and i.dueDate < :dayBefore", Long.class)
                .setParameter("partner", invoice.getPartner()).setParameter("customer", Invoice.Kind.CUSTOMER)
                .setParameter("id", invoice.getId()).setParameter("issued", ISSUED).setParameter("dayBefore", day.minusDays(1))
                .getSingleResult();
        String paidInTime = "select count(*) from (select i.id as id, i.dueDate as due, max(p.paymentDate) as paidOn from Invoice i"
                + " join " + Payment.class.getSimpleName() + " p on p.invoice = i where " + others + " and i.status = :paid"
                + " group by i.id, i.dueDate) settled where settled.paidOn <= settled.due and ";
        long inTimeAmongOverdue = em.createQuery(paidInTime + "settled.due < :dayBefore", Long.class)
                .setParameter("partner", invoice.getPartner()).setParameter("customer", Invoice.Kind.CUSTOMER)
                .setParameter("id", invoice.getId()).setParameter("paid", Invoice.Status.PAID)
                .setParameter("dayBefore", day.minusDays(1)).getSingleResult();
        long inTimeKnown = em.createQuery(paidInTime + "settled.paidOn < :day", Long.class)
                .setParameter("partner", invoice.getPartner()).setParameter("customer", Invoice.Kind.CUSTOMER)
                .setParameter("id", invoice.getId()).setParameter("paid", Invoice.Status.PAID)
                .setParameter("day", day).getSingleResult();
        long late = overdue - inTimeAmongOverdue;
        long prior = late + inTimeKnown;
        Map<String, Double> features = new LinkedHashMap<>();
        features.put("LogGrossAmount", Math.log1p(invoice.getGrossAmount().doubleValue()));
        features.put("TermDays", (double) java.time.temporal.ChronoUnit.DAYS.between(invoice.getInvoiceDate(), invoice.getDueDate()));
        features.put("PriorInvoices", (double) prior);
        features.put("PriorLateShare", prior == 0 ? 0.0 : (double) late / prior);
        return features;
    }
}
