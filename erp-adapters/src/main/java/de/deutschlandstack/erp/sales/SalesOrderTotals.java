package de.deutschlandstack.erp.sales;

import de.deutschlandstack.core.events.ChangeEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Hibernate;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Keeps a sales order's net amount equal to the sum of its items, whichever way the items change. Runs inside
 * the write's transaction, after its flush, so the new total commits together with the item.
 */
@ApplicationScoped
public class SalesOrderTotals {

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    void itemChanged(@Observes ChangeEvent event) {
        if (!(event.entity() instanceof SalesOrderItem item)) {
            return;
        }
        // An item bound to another order changes two totals: the order it left and the one it joined.
        Set<SalesOrder> orders = new LinkedHashSet<>();
        event.previous().get("order").ifPresent(previous -> orders.add((SalesOrder) Hibernate.unproxy(previous)));
        if (item.getOrder() != null) {
            orders.add((SalesOrder) Hibernate.unproxy(item.getOrder()));
        }
        // The order may be a lazy proxy; change the entity itself, not the proxy's copy of its fields.
        for (SalesOrder order : orders) {
            BigDecimal total = em.createQuery(
                            "select coalesce(sum(i.netAmount), 0) from SalesOrderItem i where i.order = :order", BigDecimal.class)
                    .setParameter("order", order)
                    .getSingleResult();
            order.netAmountIs(total);
        }
    }
}
