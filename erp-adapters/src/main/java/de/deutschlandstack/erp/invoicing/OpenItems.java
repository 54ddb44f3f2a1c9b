package de.deutschlandstack.erp.invoicing;

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

    /** Posted invoices of the partner with an amount still open, the oldest due date first. */
    public List<Invoice> of(BusinessPartner partner) {
        return em.createQuery("select i from Invoice i where i.partner = :partner and i.status in (:open)"
                        + " order by i.dueDate, i.id", Invoice.class)
                .setParameter("partner", partner)
                .setParameter("open", List.of(Invoice.Status.POSTED, Invoice.Status.PARTIALLY_PAID))
                .getResultList();
    }
}
