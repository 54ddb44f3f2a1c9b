package de.deutschlandstack.erp.invoicing;

import de.deutschlandstack.core.events.BusinessRuleViolation;
import de.deutschlandstack.erp.partners.BusinessPartner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;

/** A partner's open items: what the partner owes the tenant, or the tenant the partner, invoice by invoice. */
@ApplicationScoped
public class OpenItems {

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    /**
     * The most open items one answer holds. A function's result is not paged; a partner with more open items is
     * read page by page from {@code Invoices} instead, which the error says.
     */
    static final int LIMIT = 10_000;

    /** Posted invoices of the partner with an amount still open, the oldest due date first. */
    public List<Invoice> of(BusinessPartner partner) {
        List<Invoice> open = em.createQuery("select i from Invoice i where i.partner = :partner and i.status in (:open)"
                        + " order by i.dueDate, i.id", Invoice.class)
                .setParameter("partner", partner)
                .setParameter("open", List.of(Invoice.Status.POSTED, Invoice.Status.PARTIALLY_PAID))
                .setMaxResults(LIMIT + 1)
                .getResultList();
        if (open.size() > LIMIT) {
            throw new BusinessRuleViolation("TooManyOpenItems", "The partner has more than " + LIMIT + " open items; read them page by"
                    + " page with Invoices?$filter=Partner/ID eq " + partner.getId() + " and (Status eq 'POSTED' or Status eq 'PARTIALLY_PAID')"
                    + "&$orderby=DueDate,ID");
        }
        return open;
    }
}
