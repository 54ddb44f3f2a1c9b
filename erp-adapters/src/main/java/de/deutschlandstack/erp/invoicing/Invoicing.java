package de.deutschlandstack.erp.invoicing;

import de.deutschlandstack.erp.codelists.TaxCode;
import de.deutschlandstack.erp.numbering.DocumentNumbers;
import de.deutschlandstack.erp.pricing.DocumentPricing;
import de.deutschlandstack.erp.purchasing.PurchaseOrder;
import de.deutschlandstack.erp.purchasing.PurchaseOrderItem;
import de.deutschlandstack.erp.sales.SalesOrder;
import de.deutschlandstack.erp.sales.SalesOrderItem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.LocalDate;
import java.util.List;

/** Creates invoices from orders: what the customer is billed for, or what the supplier bills. */
@ApplicationScoped
public class Invoicing {

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @Inject
    DocumentNumbers numbers;

    @Inject
    DocumentPricing pricing;

    /**
     * The draft invoice for a released (or shipped) sales order, dated {@code date}, due after the customer's payment
     * terms; the order becomes {@code INVOICED}. Items keep the order's prices and tax rates.
     */
    public Invoice invoiceFor(SalesOrder order, LocalDate date) {
        order.invoiced();
        Invoice invoice = new Invoice(numbers.next(DocumentNumbers.Kind.INVOICE, date), Invoice.Kind.CUSTOMER,
                order.getCustomer(), date, date.plusDays(order.getCustomer().getPaymentTermsDays()), order.getCurrency())
                .forOrder(order);
        for (SalesOrderItem item : itemsOf(order)) {
            // The order's rate, not today's: what was agreed is what is billed.
            invoice.addItem(new InvoiceItem(invoice, item.getProduct(), item.getProduct().getName(), item.getQuantity(),
                    item.getUnitPrice(), pricing.taxCode(item.getTaxCode())).atRate(item.getTaxRate()));
        }
        em.persist(invoice);
        return invoice;
    }

    /** The draft invoice a supplier sent for a purchase order, under the supplier's own number. */
    public Invoice supplierInvoiceFor(PurchaseOrder order, String supplierReference, LocalDate date) {
        Invoice invoice = new Invoice(numbers.next(DocumentNumbers.Kind.SUPPLIER_INVOICE, date), Invoice.Kind.SUPPLIER,
                order.getSupplier(), date, date.plusDays(order.getSupplier().getPaymentTermsDays()), order.getCurrency())
                .forOrder(order)
                .withExternalReference(supplierReference);
        for (PurchaseOrderItem item : order.getItems()) {
            TaxCode taxCode = pricing.taxCode(item.getTaxCode());
            invoice.addItem(new InvoiceItem(invoice, item.getProduct(), item.getProduct().getName(), item.getQuantity(),
                    item.getUnitPrice(), taxCode).atRate(item.getTaxRate()));
        }
        em.persist(invoice);
        return invoice;
    }

    private List<SalesOrderItem> itemsOf(SalesOrder order) {
        return em.createQuery("select i from SalesOrderItem i join fetch i.product where i.order = :order order by i.itemNumber",
                        SalesOrderItem.class)
                .setParameter("order", order)
                .getResultList();
    }
}
